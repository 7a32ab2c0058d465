/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps a task's comm back to the full name of the Java thread that runs on it, when that can be
 * done without guessing.
 *
 * <p>HotSpot names a thread's task with pthread_setname_np: the Java name in UTF-8, cut to 15
 * bytes (the kernel's limit). It does so when the thread starts and when a thread renames
 * itself ({@code Thread.setName} from another thread leaves the old comm). There is no public
 * way to ask the JVM which tid a Java thread has, so the rule is:
 *
 * <blockquote>a comm is replaced by a Java name only if exactly one live platform thread's name,
 * cut to 15 UTF-8 bytes, gives that comm, and exactly one task of the census has that
 * comm.</blockquote>
 *
 * Everything else keeps the kernel's comm: JVM-internal threads (GC, compiler), native threads,
 * and names shared by several threads. The live threads come from one enumeration of the root
 * thread group (a VM call, no safepoint, no stack walking).
 */
public final class JavaThreadNames {
    private static final int COMM_BYTES = 15;

    /** Comm to Java name, for comms exactly one live Java thread produces. */
    private final Map<String, String> byComm;

    private JavaThreadNames(Map<String, String> byComm) {
        this.byComm = byComm;
    }

    /** A snapshot of the live platform threads' names. */
    public static JavaThreadNames snapshot() {
        Thread[] threads = liveThreads();
        Map<String, String> byComm = new HashMap<>(threads.length * 2);
        Set<String> ambiguous = new HashSet<>();
        for (Thread thread : threads) {
            if (thread == null) {
                break;
            }
            String name = thread.getName();
            String comm = commOf(name);
            if (byComm.putIfAbsent(comm, name) != null) {
                ambiguous.add(comm);
            }
        }
        byComm.keySet().removeAll(ambiguous);
        return new JavaThreadNames(byComm);
    }

    /**
     * The full Java name for a task whose comm is {@code comm} when exactly one live Java
     * thread gives that comm and {@code tasksWithComm} is 1; empty otherwise.
     */
    public java.util.Optional<String> javaName(String comm, int tasksWithComm) {
        String name = byComm.get(comm);
        return java.util.Optional.ofNullable(tasksWithComm == 1 ? name : null);
    }

    /**
     * The full Java name for a task whose comm is {@code comm}, given that {@code tasksWithComm}
     * tasks of the census share that comm; {@code comm} itself when the rule does not apply.
     */
    public String resolve(String comm, int tasksWithComm) {
        String name = byComm.get(comm);
        return name == null || tasksWithComm != 1 ? comm : name;
    }

    /**
     * The comm the kernel shows for a thread named {@code javaName}: its UTF-8 bytes cut to 15,
     * decoded as the census decodes comms (so a cut multi-byte character compares equal too).
     */
    static String commOf(String javaName) {
        byte[] utf8 = javaName.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= COMM_BYTES ? javaName
                : new String(Arrays.copyOf(utf8, COMM_BYTES), StandardCharsets.UTF_8);
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        while (root.enumerate(threads, true) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return threads;
    }
}
