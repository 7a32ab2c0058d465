/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

/** The attacker's {@code -javaagent}: if it ever runs, its marker appears on stdout. */
public final class LaunchAgent {
    public static final String MARKER = "CAPS4J-AGENT-RAN";

    private LaunchAgent() {}

    public static void premain(String arguments) {
        System.out.println(MARKER);
        System.out.flush();
    }

    public static void agentmain(String arguments) {
        premain(arguments);
    }
}
