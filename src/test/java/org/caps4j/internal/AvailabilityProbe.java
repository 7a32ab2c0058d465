/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import org.caps4j.Caps;
import org.caps4j.Caps4j;
import org.caps4j.CapabilityException;

/** Child-JVM main: prints whether the shim is usable, why not, and what a read then does. */
public final class AvailabilityProbe {
    private AvailabilityProbe() {}

    public static void main(String[] args) {
        System.out.println("available=" + Caps4j.isAvailable());
        System.out.println("cause=" + Caps4j.unavailabilityCause().map(Throwable::getMessage).orElse(""));
        try {
            Caps.fromProcess();
            System.out.println("read=ok");
        } catch (CapabilityException e) {
            System.out.println("read=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
