/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a {@code main} class in a fresh JVM (same JDK, caps4j's classes and the test classes),
 * optionally behind a command prefix such as {@code setpriv --reuid=nobody ...} or
 * {@code unshare -r}. Privileged tests change credentials there, never in the test JVM.
 *
 * <p>The classes are copied once to a world-readable temporary directory so that a child
 * running as {@code nobody} can load them wherever the checkout lives.
 */
public final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 120;

    /** What a child printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Fails with both streams in the message unless the exit code is 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("child JVM exited " + exitCode + "\n--- stdout\n" + stdout
                        + "\n--- stderr\n" + stderr);
            }
            return this;
        }
    }

    private ChildJvm() {}

    /** {@code java} of the JDK running the tests (the toolchain's, not the PATH's). */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static Result run(Class<?> mainClass, String... args) {
        return run(List.of(), mainClass, args);
    }

    /** Runs {@code prefix... java -cp <classes> mainClass args...}. */
    public static Result run(List<String> prefix, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(javaCommand(mainClass.getName()));
        command.addAll(Arrays.asList(args));
        return exec(command);
    }

    /** The {@code java ... -cp ... Main} part of a child command line, for callers that wrap it. */
    public static List<String> javaCommand(String mainClass) {
        return javaCommand(List.of("--enable-native-access=ALL-UNNAMED"), mainClass);
    }

    /** As {@link #javaCommand(String)} with exactly these JVM options (no native access unless given). */
    public static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
        return javaCommand(jvmOptions, mainClass, SharedClasses.PATH);
    }

    /** As {@link #javaCommand(List, String)} without JNA on the class path (an optional dependency). */
    public static List<String> javaCommandWithoutJna(List<String> jvmOptions, String mainClass) {
        List<String> entries = new ArrayList<>();
        for (String entry : SharedClasses.PATH.split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().matches("cp\\d+-jna-.*\\.jar")) {
                entries.add(entry);
            }
        }
        return javaCommand(jvmOptions, mainClass, String.join(File.pathSeparator, entries));
    }

    private static List<String> javaCommand(List<String> jvmOptions, String mainClass,
            String classPath) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+UseSerialGC", "-Xshare:auto"));
        // The test JVM's trusted copy of JNA's native library (root-owned, target/lib): a
        // privileged child on the JNA backend loads no other (JnaDispatchTrust).
        String jnaBoot = System.getProperty("jna.boot.library.path");
        if (jnaBoot != null) {
            command.add("-Djna.boot.library.path=" + jnaBoot);
        }
        command.addAll(List.of("-cp", classPath, mainClass));
        return command;
    }

    /** Runs any command; stdout and stderr are captured separately. */
    public static Result exec(List<String> command) {
        try {
            Path out = TestScratch.file("caps4j-child-", ".out");
            Path err = TestScratch.file("caps4j-child-", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + TIMEOUT_SECONDS + "s: " + command
                            + "\n--- stdout so far\n" + Files.readString(out, StandardCharsets.UTF_8)
                            + "\n--- stderr so far\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** A world-readable copy of the test JVM's class-path directories (jars are used in place). */
    private static final class SharedClasses {
        static final String PATH = copy();

        private static String copy() {
            try {
                Path root = TestScratch.directory("caps4j-classes-");
                List<String> entries = new ArrayList<>();
                int index = 0;
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path source = Path.of(entry);
                    if (Files.isDirectory(source)) {
                        Path target = root.resolve("cp" + index++);
                        copyTree(source, target);
                        entries.add(target.toString());
                    } else if (Files.isRegularFile(source)) {
                        Path target = root.resolve("cp" + index++ + "-" + source.getFileName());
                        Files.copy(source, target);
                        entries.add(target.toString());
                    }
                }
                makeWorldReadable(root);
                return String.join(File.pathSeparator, entries);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare classes for child JVMs", e);
            }
        }

        private static void copyTree(Path source, Path target) throws IOException {
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Path destination = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(path, destination);
                    }
                }
            }
        }

        private static void makeWorldReadable(Path root) throws IOException {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                            Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }
}
