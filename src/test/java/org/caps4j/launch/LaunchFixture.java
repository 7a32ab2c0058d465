/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.caps4j.testing.TestC;
import org.caps4j.testing.Privileged;

/**
 * Installs the tests' copy of caps4j-launch the way a sysadmin would: Maven builds
 * {@code target/native/caps4j-launch-test}, whose policy directory is fixed at build time to
 * {@link #POLICY_DIR}; this fixture creates that directory root-owned 0755, copies the binary to
 * {@code POLICY_DIR/bin/caps4j-launch} with {@code setcap <caps>=p} (never set-uid, never +e) and
 * the probe jar to {@code POLICY_DIR/lib/probe.jar}, and runs the launcher as {@code nobody}.
 */
final class LaunchFixture {
    static final Path POLICY_DIR = Path.of("/var/lib/caps4j-launch-test.d");
    /** The launcher under test; -Dcaps4j.launch.test.binary=... runs the suite against another build
     *  (e.g. main's, to show that an attack test fails there). */
    static final Path BUILT = Path.of(System.getProperty("caps4j.launch.test.binary",
            Path.of("target", "native", "caps4j-launch-test").toString())).toAbsolutePath();
    static final Path BIN = POLICY_DIR.resolve("bin");
    static final Path LAUNCHER = BIN.resolve("caps4j-launch");
    static final Path PROBE_JAR = POLICY_DIR.resolve("lib").resolve("probe.jar");
    static final String INSTALL_CAPS =
            "cap_setpcap,cap_setuid,cap_setgid,cap_net_bind_service,cap_net_raw,cap_dac_read_search=p";
    static final long NET_BIND_SERVICE = 1L << 10;
    static final String NOBODY = "setpriv --reuid=nobody --regid=nogroup --clear-groups";
    private static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines(String prefix) {
            return stdout.lines().filter(l -> l.startsWith(prefix + " "))
                    .map(l -> l.substring(prefix.length() + 1)).toList();
        }

        /** A {@code status} field of the payload's /proc/self/status, e.g. {@code CapEff}. */
        String status(String field) {
            return lines("status").stream().filter(l -> l.startsWith(field + ":"))
                    .map(l -> l.substring(field.length() + 1).strip()).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + field + " in\n" + this));
        }

        Result assertOk() {
            assertEquals(0, exitCode, this.toString());
            return this;
        }

        Result assertLaunched() {
            assertEquals(0, exitCode, "launch failed:\n" + this);
            assertTrue(stdout.contains("end"), "payload did not finish:\n" + this);
            return this;
        }

        /** Refused before exec: exit 127 with one caps4j-launch line naming the reason. */
        Result assertRefused(String reason) {
            assertEquals(127, exitCode, "expected a refusal (" + reason + "):\n" + this);
            assertTrue(stderr.startsWith("caps4j-launch: ") && stderr.strip().lines().count() == 1,
                    "one message on stderr:\n" + this);
            assertTrue(stderr.contains(reason), "reason '" + reason + "' in:\n" + this);
            assertTrue(stdout.isEmpty(), "nothing ran:\n" + this);
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private LaunchFixture() {}

    /** Creates the policy directory and installs launcher and probe; idempotent per JVM. */
    static synchronized void install() {
        Privileged.requireRoot();
        Privileged.requireTool("setcap");
        Privileged.requireTool("setpriv");
        assertTrue(Files.isRegularFile(BUILT), "the build produces " + BUILT);
        try {
            if (Files.exists(LAUNCHER) && Files.exists(PROBE_JAR)) {
                return;
            }
            removeAll();
            for (Path dir : List.of(POLICY_DIR, BIN, PROBE_JAR.getParent())) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.copy(BUILT, LAUNCHER, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(LAUNCHER, PosixFilePermissions.fromString("rwxr-xr-x"));
            run(List.of("setcap", INSTALL_CAPS, LAUNCHER.toString()), Map.of()).assertOk();
            writeJar(PROBE_JAR, LaunchProbeMain.class, "Main-Class");
            Runtime.getRuntime().addShutdownHook(new Thread(LaunchFixture::removeAll));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void removeAll() {
        if (!Files.exists(POLICY_DIR)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(POLICY_DIR)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The JDK running the tests, canonical (the launcher refuses symlinks). */
    static String java() {
        try {
            return Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code POLICY_DIR/NAME.conf} root-owned 0644. */
    static void policy(String name, String... lines) {
        Path file = POLICY_DIR.resolve(name + ".conf");
        try {
            Files.writeString(file, String.join("\n", lines) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A policy running the probe jar on the test JDK as nobody, for anyone, any arguments, plus these lines. */
    static void jarPolicy(String name, String caps, String... extra) {
        List<String> lines = new ArrayList<>(List.of("type = jar", "program = " + PROBE_JAR,
                "interpreter = " + java(), "caps = " + caps, "user = nobody", "group = nogroup",
                "allow-user = *", "args = any"));
        lines.addAll(List.of(extra));
        policy(name, lines.toArray(String[]::new));
    }

    /** {@code setpriv (nobody) LAUNCHER name args...} with exactly {@code env} (plus PATH). */
    static Result launchAsNobody(Map<String, String> env, String name, String... args) {
        List<String> command = new ArrayList<>(List.of(NOBODY.split(" ")));
        command.add(LAUNCHER.toString());
        command.add(name);
        command.addAll(List.of(args));
        return run(command, env);
    }

    static Result run(List<String> command, Map<String, String> env) {
        return run(command, env, Path.of("/"));
    }

    /** Runs {@code command} with exactly {@code env} (plus PATH) in the working directory {@code cwd}. */
    static Result run(List<String> command, Map<String, String> env, Path cwd) {
        try {
            Path out = Files.createTempFile("caps4j-launch-", ".out");
            Path err = Files.createTempFile("caps4j-launch-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .directory(cwd.toFile());
                builder.environment().clear();
                builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Packs {@code main} (one class, JDK-only) into a jar whose manifest names it under {@code key}. */
    static void writeJar(Path jar, Class<?> main, String key) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(key, main.getName());
        String entry = main.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                var in = main.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static final List<Path> SCRATCH = new ArrayList<>();

    /** A world-readable scratch directory (an unprivileged user's files live there), removed at exit. */
    static synchronized Path scratch() throws IOException {
        Path dir = org.caps4j.testing.TestScratch.directory("caps4j-launch-user-");
        SCRATCH.add(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /**
     * The scratch directories, and the perf-data directory the tests' plain JVMs as nobody leave.
     * Called from each class's @AfterAll: a shutdown hook alone may not finish before the test
     * JVM is halted.
     */
    static synchronized void removeScratch() {
        for (Path dir : SCRATCH) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
        SCRATCH.clear();
        Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_nobody").toFile().delete(); // only if empty
    }

    /** Compiles {@code src/test/c/NAME.c} into {@code dir}; {@code shared} for a .so. */
    static Path compile(String name, Path dir, boolean shared) {
        Path output = TestC.compile(name, dir.resolve(shared ? name + ".so" : name), shared);
        try {
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output;
    }
}
