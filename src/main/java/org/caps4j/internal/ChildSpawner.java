/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;

/**
 * Starts a {@link ProcessBuilder}'s program with other credentials than the JVM's without
 * changing any JVM thread: the credential plan is made from the calling thread's state (which
 * the clone child starts from) and run by the child itself, between clone and exec, with the
 * raw-syscall executor every broadcast uses (see {@code caps4j_spawn}).
 */
public final class ChildSpawner {
    /** The JDK's search path when the JVM has no PATH (ProcessImpl_md.c). */
    private static final String DEFAULT_PATH = ":/bin:/usr/bin";

    /** Where a command without a slash is looked for: PATH, or the JDK's default without one. */
    public static String commandSearchPath() {
        String path = System.getenv("PATH");
        return path == null ? DEFAULT_PATH : path;
    }

    private ChildSpawner() {}

    /**
     * Starts {@code builder}'s program; {@code launch} null keeps the caller's credentials.
     *
     * @throws KernelFailure if the plan is refused (nothing started) or a credential step failed
     *     in the child (it exited before executing the program)
     * @throws IOException as {@link ProcessBuilder#start()} for a program, directory or redirect
     *     that does not work
     */
    public static Process start(ProcessBuilder builder, LaunchPlan launch) throws IOException {
        SpawnRequest request = SpawnRequest.of(builder);
        Planner.Plan plan = launch == null ? null : launch.plan(CredentialState.ofCallingThread());
        NativeShim shim = Natives.shim();
        StdioPipes pipes = StdioPipes.open(request, shim);
        NativeShim.SpawnResult result;
        try (pipes) {
            result = shim.spawn(plan == null ? null : plan.transaction(), request.strings,
                    request.argc, request.envc, request.kinds, pipes.childEnds());
        }
        if (result.result() >= 0) {
            return new ChildProcess(result.pid(), result.pidfd(), pipes);
        }
        pipes.closeStreams();
        Exception failure = SpawnFailures.of(request, plan, result);
        if (failure instanceof IOException e) {
            throw e;
        }
        throw (RuntimeException) failure;
    }
}
