package org.caps4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import org.caps4j.internal.CapMode;
import org.caps4j.internal.KernelFailure;
import org.caps4j.internal.LaunchPlan;
import org.caps4j.internal.LaunchThread;

/**
 * Starts one child process with chosen capabilities and ids, without giving them to the JVM
 * or to any other child (libcap's {@code cap_launch}, Go's {@code cap.Launcher}).
 *
 * <pre>{@code
 * Process ping = Launcher.of(new ProcessBuilder("ping", "-c1", "127.0.0.1"))
 *         .iab(Iab.parse("^cap_net_raw")).user(65534, 65534).start();
 * }</pre>
 *
 * <p>How: credentials are per thread and a child copies those of the thread that spawns it.
 * {@link #start()} creates a new platform thread that changes only its own credentials with raw
 * system calls — uid/gid/groups (keeping its permitted set), the IAB (inheritable set,
 * bounding-set drops, ambient raise within its permitted set), a {@link Mode}, no_new_privs —
 * calls {@link ProcessBuilder#start()} and ends; {@code start()} returns once that thread has
 * left the kernel's task list. No other JVM thread changes; launches and process-wide
 * transactions run one at a time. This holds for every {@code jdk.lang.Process.launchMechanism}
 * (POSIX_SPAWN through jspawnhelper, VFORK, FORK): all three spawn from the calling thread.
 *
 * <p>Refused before anything is started, with the reason: an ambient capability the JVM does
 * not have in its permitted set; a uid change without CAP_SETUID/CAP_SETGID permitted; ambient
 * capabilities for a set-user-id or set-group-id program, or for a program with file
 * capabilities (the kernel clears the ambient set when it executes either); conflicting mode
 * and IAB.
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

    /** A launcher for {@code builder} that changes nothing yet (the child gets the JVM's IAB). */
    public static Launcher of(ProcessBuilder builder) {
        return new Launcher(Objects.requireNonNull(builder, "builder"), null, -1, -1,
                new int[0], false, null);
    }

    /**
     * The child's inheritable and ambient sets and the capabilities blocked from its bounding
     * set. Ambient capabilities must be in the JVM's permitted set.
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
     */
    public Launcher user(int uid, int gid, int... groups) {
        if (uid == -1 || gid == -1) {
            throw new IllegalArgumentException("uid and gid 4294967295 (-1) mean \"unchanged\" "
                    + "to the kernel and cannot be a target");
        }
        return new Launcher(builder, iab, uid, gid, groups.clone(), noNewPrivs, mode);
    }

    /** Sets no_new_privs for the child (irreversible for it and its descendants). */
    public Launcher noNewPrivs(boolean on) {
        return new Launcher(builder, iab, uid, gid, groups, on, mode);
    }

    /** Puts the child into a libcap mode (see {@link Mode#set}); needs CAP_SETPCAP permitted. */
    public Launcher mode(Mode mode) {
        if (mode == Mode.UNCERTAIN) {
            throw new IllegalArgumentException("Mode.UNCERTAIN cannot be set");
        }
        return new Launcher(builder, iab, uid, gid, groups, noNewPrivs, mode);
    }

    /**
     * Checks the request, then starts the child from a short-lived launch thread (see the class
     * comment) and returns it.
     *
     * @throws CapabilityPermissionException if the request cannot work (nothing was started)
     * @throws CapabilityException if the launch thread did not reach the requested state, or a
     *     JVM thread would have been changed (the child is then killed)
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
            return LaunchThread.start(builder, plan);
        } catch (KernelFailure failure) {
            throw Edge.translate(failure);
        }
    }

    /** Ambient capabilities would silently vanish at exec: say so now instead. */
    private void refuseAmbientClearingProgram(Iab request) throws IOException {
        Path program = resolve(builder.command().get(0));
        if (program == null) {
            return; // ProcessBuilder.start() reports it
        }
        int modeBits = (Integer) Files.getAttribute(program, "unix:mode");
        if ((modeBits & 06000) != 0) {
            throw new CapabilityPermissionException("Launcher.start",
                    "to give " + program + " the ambient "
                    + "capabilities " + request.ambient() + " (nothing was started)", program
                    + " is set-user-id or set-group-id (mode " + Integer.toOctalString(
                    modeBits & 07777) + "): the kernel clears the ambient set when it executes "
                    + "such a program");
        }
        Optional<FileCaps> fileCaps = FileCaps.read(program.toRealPath());
        if (fileCaps.isPresent()) {
            throw new CapabilityPermissionException("Launcher.start",
                    "to give " + program + " the ambient capabilities " + request.ambient()
                    + " (nothing was started)", program + " has file capabilities ("
                    + fileCaps.get() + "): the kernel clears the ambient set when it executes "
                    + "such a program; grant what it needs in its file capabilities instead, "
                    + "or remove them (setcap -r)");
        }
    }

    /** The program the JDK will execute: a path with '/', else the first match on the PATH. */
    private Path resolve(String command) {
        Path dir = builder.directory() != null ? builder.directory().toPath() : Path.of("");
        if (command.contains("/")) {
            Path path = dir.resolve(command);
            return Files.exists(path) ? path : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/bin:/usr/bin");
        for (String entry : List.of(path.split(":"))) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
