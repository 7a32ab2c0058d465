/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import org.caps4j.internal.text.CapabilityNames;

/** Capability masks as libcap names for messages: {@code cap_chown,cap_net_raw}. */
final class CapNames {
    private CapNames() {}

    static String of(long mask) {
        return CapabilityNames.list(mask);
    }
}
