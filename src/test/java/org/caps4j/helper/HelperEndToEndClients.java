/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caps4j.testing.ChildJvm;

/**
 * Clients this project did not write, run as real users through setpriv: socat fed the
 * Varlink framing by printf, exactly as the README shows it; and the example's HelperAdmin.
 */
final class HelperEndToEndClients {
    private HelperEndToEndClients() {}

    /** What a client printed and how it ended. */
    record Outcome(int exitCode, String stdout) {
        /** The reply without the NUL that ends it, failing unless there is exactly one. */
        String reply() {
            boolean one = stdout.endsWith("\0") && stdout.indexOf('\0') == stdout.length() - 1;
            if (exitCode != 0 || !one) {
                throw new AssertionError("not one NUL-terminated reply (exit " + exitCode + "): "
                        + stdout);
            }
            return stdout.substring(0, stdout.length() - 1);
        }
    }

    /**
     * Starts {@code prefix... sh -c "printf '%s\0' MESSAGE | socat -t30 - UNIX-CONNECT:SOCKET"}
     * (stderr joins stdout, so a refused connect can be read).
     */
    static Process startSocat(List<String> prefix, Path socket, String message) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("/bin/sh", "-c", "printf '%s\\0' \"$1\" | socat -t30 - "
                + "UNIX-CONNECT:\"$2\"", "sh", message, socket.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Runs socat as {@link #startSocat} does and waits for its end. */
    static Outcome socat(List<String> prefix, Path socket, String message)
            throws IOException, InterruptedException {
        return finish(startSocat(prefix, socket, message));
    }

    /** Waits (two minutes at most) for a started client and collects its output. */
    static Outcome finish(Process process) throws IOException, InterruptedException {
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("client timed out: " + out);
        }
        return new Outcome(process.exitValue(), out);
    }

    /** {@code prefix... java examples/helper/HelperAdmin.java SOCKET args...}. */
    static ChildJvm.Result admin(List<String> prefix, Path socket, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(ChildJvm.javaCommand(List.of(), Path.of("examples/helper/HelperAdmin.java")
                .toAbsolutePath().toString()));
        command.add(socket.toString());
        command.addAll(List.of(args));
        return ChildJvm.exec(command);
    }

    /** A call as the README writes it. */
    static String call(String method, String parameters) {
        return "{\"method\":\"" + method + "\",\"parameters\":" + parameters + "}";
    }
}
