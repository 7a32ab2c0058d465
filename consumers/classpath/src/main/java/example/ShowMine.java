/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package example;

import org.caps4j.Caps;
import org.caps4j.Caps4j;

/** Prints what the calling thread holds, or why caps4j is not available here. */
public final class ShowMine {
    public static void main(String[] args) {
        if (!Caps4j.isAvailable()) {
            System.out.println("unavailable: " + Caps4j.unavailabilityCause());
            System.exit(1);
        }
        System.out.println("caps: " + Caps.fromProcess());
        System.out.println("java: " + Runtime.version().feature());
    }
}
