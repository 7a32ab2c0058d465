/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.caps4j.internal.CapMode;
import org.caps4j.internal.KernelFailure;
import org.caps4j.internal.ChildSpawner;
import org.caps4j.internal.LaunchPlan;

/**
 * Starts one child process with chosen capabilities and ids, without giving them to the JVM
 * or to any other child (libcap's {@code cap_launch}, Go's {@code cap.Launcher}).
 *
 * <pre>{@code
 * Process ping = Launcher.of(new ProcessBuilder("ping", "-c1", "127.0.0.1"))
 *         .iab(Iab.parse("^cap_net_raw")).user(65534, 65534).start();
 * }</pre>
 *
 * <p>How: {@link #start()} does what libcap's {@code cap_launch} and glibc's {@code posix_spawn}
 * do, in caps4j's native shim: it clones the calling thread ({@code CLONE_VM | CLONE_VFORK},
 * every signal blocked), and the child, before it executes the program, resets every signal
 * handler, changes its own credentials with raw system calls — supplementary groups, gid, uid
 * keeping its permitted set, the IAB in libcap's order (inheritable, ambient, then the
 * bounding-set drops), a {@link Mode}, no_new_privs — reads them back from the kernel, sets up
 * its standard descriptors and directory, closes every other descriptor and calls
 * {@code execve}. No JVM thread's credentials change at any point, so launches run
 * concurrently with each other and with transactions. A step that fails in the child is
 * reported with its system call and errno, and the child never runs the program.
 *
 * <p>The result is a real {@link Process}: streams, {@code waitFor}, {@code onExit},
 * {@code destroy} (through the child's pidfd), {@code toHandle}, {@code info}. Every
 * {@link ProcessBuilder} setting is honoured (command, environment, directory, every
 * {@link ProcessBuilder.Redirect} kind, {@code redirectErrorStream}), the program is looked up
 * on the JVM's PATH as the JDK does, and a program that cannot be executed gives the JDK's own
 * {@link IOException} text. The JDK's {@code jdk.lang.Process.launchMechanism} does not apply.
 *
 * <p>Refused before anything is started, with the reason: an ambient capability the JVM does
 * not have in its permitted set; a uid change without CAP_SETUID/CAP_SETGID permitted; ambient
 * capabilities for a set-user-id or set-group-id program, for a program with file
 * capabilities, or for a {@code #!} script whose interpreter is either (the kernel clears the
 * ambient set when it executes such a file); conflicting mode and IAB.
 *
 * <p>Instances are immutable; each method returns a new launcher. The {@code ProcessBuilder}
 * is used as it is when {@link #start()} runs (the JDK searches the JVM's PATH for the command).
 */
public final class Launcher {
    private final ProcessBuilder builder;
    private final Iab iab;
    private final int uid, gid;
    private final int[] groups;
    private final boolean noNewPrivs;
    private final Mode mode;

    private Launcher(ProcessBuilder builder, Iab iab, int uid, int gid, int[] groups,
            boolean noNewPrivs, Mode mode) {
        this.builder = builder;
        this.iab = iab;
        this.uid = uid;
        this.gid = gid;
        this.groups = groups;
        this.noNewPrivs = noNewPrivs;
        this.mode = mode;
    }

    /**
     * A launcher for {@code builder} that changes nothing yet (the child gets the JVM's IAB).
     *
     * @param builder the command, environment, directory and redirects of the child
     * @return a launcher with no credential changes
     */
    public static Launcher of(ProcessBuilder builder) {
        return new Launcher(Objects.requireNonNull(builder, "builder"), null, -1, -1,
                new int[0], false, null);
    }

    /**
     * The child's inheritable and ambient sets and the capabilities blocked from its bounding
     * set. Ambient capabilities must be in the JVM's permitted set.
     *
     * @param iab the child's IAB
     * @return a launcher like this one with {@code iab}
     */
    public Launcher iab(Iab iab) {
        return new Launcher(builder, Objects.requireNonNull(iab, "iab"), uid, gid, groups,
                noNewPrivs, mode);
    }

    /**
     * Runs the child with all uids {@code uid}, all gids {@code gid} and exactly the
     * supplementary {@code groups} (unsigned 32-bit ids; -1 refused). Needs CAP_SETUID and
     * CAP_SETGID in the JVM's permitted set. The child's ambient set still follows
     * {@link #iab(Iab)}, which is how a child runs as a service user with one capability.
     *
     * @param uid the child's user id
     * @param gid the child's group id
     * @param groups the child's supplementary group ids, exactly (none for no groups)
     * @return a launcher like this one with these ids
     */
    public Launcher user(int uid, int gid, int... groups) {
        if (uid == -1 || gid == -1) {
            throw new IllegalArgumentException("uid and gid 4294967295 (-1) mean \"unchanged\" "
                    + "to the kernel and cannot be a target");
        }
        return new Launcher(builder, iab, uid, gid, groups.clone(), noNewPrivs, mode);
    }

    /**
     * Sets no_new_privs for the child (irreversible for it and its descendants).
     *
     * @param on true to set no_new_privs in the child, false not to
     * @return a launcher like this one with this setting
     */
    public Launcher noNewPrivs(boolean on) {
        return new Launcher(builder, iab, uid, gid, groups, on, mode);
    }

    /**
     * Puts the child into a libcap mode (see {@link Mode#set}); needs CAP_SETPCAP permitted.
     *
     * @param mode the child's mode; not {@link Mode#UNCERTAIN}
     * @return a launcher like this one with {@code mode}
     */
    public Launcher mode(Mode mode) {
        if (mode == Mode.UNCERTAIN) {
            throw new IllegalArgumentException("Mode.UNCERTAIN cannot be set");
        }
        return new Launcher(builder, iab, uid, gid, groups, noNewPrivs, mode);
    }

    /**
     * Checks the request, then starts the child (see the class comment) and returns it.
     *
     * @return the running child
     * @throws CapabilityPermissionException if the request cannot work (nothing was started)
     * @throws CapabilityException if a credential step failed in the child or the kernel
     *     reported another state than planned (the child exited without running the program)
     * @throws IOException as {@link ProcessBuilder#start()}
     */
    public Process start() throws IOException {
        Iab request = iab != null ? iab : Iab.fromProcess();
        if (!request.ambient().isEmpty()) {
            refuseAmbientClearingProgram(request);
        }
        LaunchPlan plan = new LaunchPlan(uid, gid, groups, request.inheritable().mask(),
                request.ambient().mask(), request.blocked().mask(),
                mode == null ? null : CapMode.valueOf(mode.name()), noNewPrivs);
        try {
            return ChildSpawner.start(builder, plan);
        } catch (KernelFailure failure) {
            throw Edge.translate(failure);
        }
    }

    /** Ambient capabilities would silently vanish at exec: say so now instead. */
    private void refuseAmbientClearingProgram(Iab request) throws IOException {
        String command = builder.command().get(0);
        Path program = AmbientClearingPrograms.resolve(command, builder.directory());
        if (program != null) {
            AmbientClearingPrograms.refuse(program, request.ambient());
        } // else start() reports the missing program as ProcessBuilder.start() would
    }
}
