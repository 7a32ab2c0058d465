/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.caps4j.CapabilitySet;
import org.caps4j.Iab;
import org.caps4j.Launcher;
import org.caps4j.helper.internal.CapabilityWorkers;

/**
 * An external program as an operation's body, started through {@link Launcher} with exactly
 * the operation's capabilities as inheritable and ambient (so the program has them effective
 * and permitted, and nothing else), no_new_privs set, the helper's user, an environment of
 * only {@code PATH=/usr/bin:/bin}, directory {@code /}, stdin from {@code /dev/null} and
 * stderr discarded.
 *
 * <p>The program is a fixed absolute path. Arguments are literals or {@code {name}}, replaced
 * (as one whole argument, never spliced into a longer one) by the validated value of that
 * parameter; a value starting with {@code -} is refused so it cannot pose as an option. The
 * reply is {@code {"output": STDOUT}} if the program exits 0 within the time limit and prints
 * at most 64 KiB; anything else is {@link HelperErrors#OPERATION_FAILED}.
 *
 * <p>The program runs as the helper's user. A helper still running as root (before
 * {@link HelperService#enterServiceState}) starts it as root, and the kernel gives a root
 * process's program a full set on exec: enter the service state before serving.
 */
public final class Program {
    private static final int MAX_OUTPUT = 64 * 1024;

    private final Path executable;
    private final List<String> arguments;
    private final Duration timeout;

    private Program(Path executable, List<String> arguments, Duration timeout) {
        this.executable = executable;
        this.arguments = arguments;
        this.timeout = timeout;
    }

    /**
     * A program with a time limit of 30 seconds.
     *
     * @param executable an absolute path
     * @param arguments literal arguments, or {@code {name}} for a declared parameter's value
     * @return the declaration
     */
    public static Program of(Path executable, String... arguments) {
        if (!executable.isAbsolute()) {
            throw new IllegalArgumentException("the program must be an absolute path");
        }
        return new Program(executable, List.of(arguments), Duration.ofSeconds(30));
    }

    /**
     * {@return this program with another time limit; it is killed when the limit passes}
     *
     * @param limit the longest the program may run
     */
    public Program timeout(Duration limit) {
        return new Program(executable, arguments, limit);
    }

    /** The parameter names this program refers to. */
    List<String> referencedParameters() {
        return arguments.stream().filter(Program::isReference)
                .map(a -> a.substring(1, a.length() - 1)).toList();
    }

    /** Starts the program with exactly {@code capabilities} ambient and returns its reply. */
    ObjectNode run(Arguments values, CapabilitySet capabilities) throws Exception {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        for (String argument : arguments) {
            String value = isReference(argument)
                    ? values.text(argument.substring(1, argument.length() - 1)) : argument;
            if (isReference(argument) && value.startsWith("-")) {
                throw new InvalidArgument(argument.substring(1, argument.length() - 1));
            }
            command.add(value);
        }
        // Only the path checks needed the capabilities on this thread. Starting a process
        // creates JDK threads (process reaper, timer) that would inherit a raised effective
        // set and keep it: lower it first. The child gets the capabilities as ambient instead.
        if (!CapabilityWorkers.lowerCurrentThread()) {
            throw new IllegalStateException("could not lower the effective set before launching");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("/").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = Launcher.of(builder)
                .iab(Iab.of(capabilities, capabilities, CapabilitySet.empty()))
                .noNewPrivs(true).start();
        // readNBytes below waits for end of output: the timer ends a program that never stops
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(process::destroyForcibly);
        try (InputStream out = process.getInputStream()) {
            byte[] output = out.readNBytes(MAX_OUTPUT + 1);
            if (output.length > MAX_OUTPUT) {
                throw new IOException(executable + " printed more than " + MAX_OUTPUT + " bytes");
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(executable + " timed out after " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IOException(executable + " exited " + process.exitValue());
            }
            return JsonNodeFactory.instance.objectNode()
                    .put("output", new String(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static boolean isReference(String argument) {
        return argument.length() > 2 && argument.startsWith("{") && argument.endsWith("}");
    }
}
