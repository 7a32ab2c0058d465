/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

/**
 * A payload that stays alive for the attach tests (packed into a jar; JDK classes only): prints
 * {@code ready} and sleeps up to {@code args[0]} seconds (default 60); the test kills it.
 */
public final class LaunchSleeperMain {
    private LaunchSleeperMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(1000L * (args.length > 0 ? Integer.parseInt(args[0]) : 60));
    }
}
