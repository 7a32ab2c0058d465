/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Starting test threads on every JDK the suite runs on: {@code Thread.ofPlatform()} and
 * {@code Thread.ofVirtual()} exist from JDK 21, the suite also runs on 17 (JNA backend).
 */
public final class Threads {
    private static final MethodHandle START_VIRTUAL = findStartVirtual();

    private Threads() {}

    /** A started platform thread. */
    public static Thread platform(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }

    /** A started daemon platform thread. */
    public static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** A started virtual thread, or empty on a JDK without them (before 21). */
    public static Optional<Thread> virtual(Runnable body) {
        if (START_VIRTUAL == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((Thread) START_VIRTUAL.invokeExact(body));
        } catch (Throwable t) {
            throw new IllegalStateException("Thread.startVirtualThread failed", t);
        }
    }

    private static MethodHandle findStartVirtual() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
