/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** A modular application that uses caps4j. */
module example.modular {
    requires org.caps4j;
}
