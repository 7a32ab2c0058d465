/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Iab;

/**
 * The codec speaks masks; the libcap oracles (and the few tests of the public edge) speak the
 * public values. The conversions between the two, in one place.
 */
final class PublicValues {
    private PublicValues() {}

    static Caps caps(CapMasks masks) {
        return Caps.of(CapabilitySet.fromMask(masks.effective()),
                CapabilitySet.fromMask(masks.permitted()),
                CapabilitySet.fromMask(masks.inheritable()));
    }

    static CapMasks masks(Caps caps) {
        return new CapMasks(caps.effective().mask(), caps.permitted().mask(),
                caps.inheritable().mask());
    }

    static Iab iab(IabMasks masks) {
        return Iab.of(CapabilitySet.fromMask(masks.inheritable()),
                CapabilitySet.fromMask(masks.ambient()), CapabilitySet.fromMask(masks.blocked()));
    }

    static IabMasks masks(Iab iab) {
        return new IabMasks(iab.inheritable().mask(), iab.ambient().mask(), iab.blocked().mask());
    }
}
