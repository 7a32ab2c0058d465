/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * libcap's capability text formats in pure Java: {@link org.caps4j.internal.text.CapText} for
 * {@code cap_from_text(3)} / {@code cap_to_text(3)} and {@link org.caps4j.internal.text.IabText}
 * for the IAB form, over plain masks ({@link org.caps4j.internal.text.CapMasks},
 * {@link org.caps4j.internal.text.IabMasks}) with the name table
 * {@link org.caps4j.internal.text.CapabilityNames}. Refused text throws
 * {@link org.caps4j.internal.text.TextSyntaxException}. Nothing here uses the public package:
 * the public API builds its values, and its own exception, from these at its edge.
 * Differential tests hold the codec to libcap 2.66's behaviour.
 */
package org.caps4j.internal.text;
