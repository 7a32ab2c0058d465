/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import org.caps4j.testing.Threads;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root): two copies of caps4j, each loaded by its own {@link URLClassLoader} (parent:
 * the platform loader) from the class-path entry that holds {@code org/caps4j} and the shim, so
 * each has its own classes and its own extracted libcaps4j.so. Uses them in the order A, B, A;
 * then sends itself a stray signal 33 ({@code kill -33}) and calls glibc's setresuid(0,0,0)
 * (glibc's own signal-33 broadcast); then both copies apply concurrently for args[0] seconds.
 * Prints each phase as it passes, so a crash shows where.
 */
public final class TwoCopiesMain {
    /** One copy of caps4j, used reflectively. */
    private static final class Copy {
        private final String label;
        private final Method fromProcess, remove, add, apply, effective, contains;
        private final Object flagEffective, netRaw;

        Copy(String label, URL root) throws ReflectiveOperationException {
            this.label = label;
            ClassLoader loader = new URLClassLoader("caps4j-" + label, new URL[] {root},
                    SHARED_JNA);
            Class<?> caps = Class.forName("org.caps4j.Caps", true, loader);
            Class<?> flag = Class.forName("org.caps4j.Flag", true, loader);
            Class<?> capability = Class.forName("org.caps4j.Capability", true, loader);
            Class<?> set = Class.forName("org.caps4j.CapabilitySet", true, loader);
            if (caps.getClassLoader() != loader) {
                throw new AssertionError(label + ": org.caps4j.Caps came from " + caps.getClassLoader());
            }
            Class<?> array = Array.newInstance(capability, 0).getClass();
            fromProcess = caps.getMethod("fromProcess");
            remove = caps.getMethod("remove", flag, array);
            add = caps.getMethod("add", flag, array);
            apply = caps.getMethod("apply");
            effective = caps.getMethod("effective");
            contains = set.getMethod("contains", capability);
            flagEffective = flag.getField("EFFECTIVE").get(null);
            netRaw = capability.getField("NET_RAW").get(null);
        }

        /** Reads the process state through this copy and applies it with NET_RAW in E flipped. */
        void toggle() throws Throwable {
            try {
                Object now = fromProcess.invoke(null);
                boolean has = (boolean) contains.invoke(effective.invoke(now), netRaw);
                Object raw = Array.newInstance(netRaw.getClass(), 1);
                Array.set(raw, 0, netRaw);
                Object target = (has ? remove : add).invoke(now, flagEffective, raw);
                apply.invoke(target);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    public static void main(String[] args) throws Throwable {
        int seconds = Integer.parseInt(args[0]);
        URL root = caps4jRoot();
        Copy a = new Copy("A", root), b = new Copy("B", root);
        a.toggle();
        b.toggle();
        a.toggle();
        System.out.println("sequentialABA=ok");
        long pid = ProcessHandle.current().pid();
        int kill = new ProcessBuilder("kill", "-33", Long.toString(pid)).inheritIO().start().waitFor();
        Thread.sleep(200);
        System.out.println("strayKill33=survived(kill exit " + kill + ")");
        System.out.println("glibcSetresuid=" + TestNatives.glibcSetresuid(0, 0, 0));
        System.out.println("afterGlibcBroadcast=survived");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>("");
        long[] applies = new long[2];
        Thread[] threads = new Thread[2];
        Copy[] copies = {a, b};
        for (int i = 0; i < 2; i++) {
            int index = i;
            threads[i] = Threads.platform("copy-" + copies[i].label, () -> {
                while (!stop.get()) {
                    try {
                        copies[index].toggle();
                        applies[index]++;
                    } catch (Throwable t) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet("", copies[index].label + ": " + t);
                    }
                }
            });
        }
        Thread.sleep(seconds * 1_000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("appliesA=" + applies[0]);
        System.out.println("appliesB=" + applies[1]);
        System.out.println("failures=" + failures.get());
        System.out.println("firstFailure=" + firstFailure.get().replace('\n', ' '));
        ProcTasks.print("final", ProcTasks.CAP_FIELDS);
    }

    /**
     * The parent of both copies: JNA, when the test class path has it, loaded once (as an
     * application would: its JNI library can belong to one class loader only), else the
     * platform loader (FFM needs nothing).
     */
    private static final ClassLoader SHARED_JNA = sharedJna();

    private static ClassLoader sharedJna() {
        try {
            URL jna = rootOf("com/sun/jna/Native.class");
            return new URLClassLoader("jna", new URL[] {jna}, ClassLoader.getPlatformClassLoader());
        } catch (Exception | AssertionError absent) {
            return ClassLoader.getPlatformClassLoader();
        }
    }

    /** The class-path entry (directory or jar) holding org/caps4j/Caps.class, not yet loaded. */
    private static URL caps4jRoot() throws Exception {
        return rootOf("org/caps4j/Caps.class");
    }

    private static URL rootOf(String resource) throws Exception {
        URL found = TwoCopiesMain.class.getClassLoader().getResource(resource);
        if (found == null) {
            throw new AssertionError("not on the class path: " + resource);
        }
        String url = found.toString();
        String root = url.substring(0, url.length() - resource.length());
        if (root.startsWith("jar:")) {
            root = root.substring(4, root.length() - 2); // jar:file:/x.jar!/ -> file:/x.jar
        }
        return java.net.URI.create(root).toURL();
    }
}
