/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.caps4j.testing.Privileged;

/**
 * What the transport tests share: a private socket directory under /run (root-owned, 0755,
 * like systemd's RuntimeDirectory=; /tmp is world-writable and would rightly be refused),
 * removed on {@link #close()}; the Python client copied where any uid can read it; and
 * commands run as unprivileged uids through setpriv. The uids are numbers without a passwd
 * entry: the kernel checks numbers, and nothing in /etc has to be restored afterwards.
 */
final class HelperTransportFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 120;

    final Path directory;
    final Path script;

    HelperTransportFixture() throws IOException {
        Privileged.requireRoot();
        Privileged.requireTool("setpriv");
        Privileged.require(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is needed");
        directory = Path.of("/run", "caps4j-helper-test-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36));
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        script = directory.resolve("varlink_client.py");
        try (InputStream in = HelperTransportFixture.class.getResourceAsStream("varlink_client.py")) {
            Files.copy(in, script);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** {@code setpriv} as {@code uid}:{@code gid} with exactly {@code groups}, no capabilities. */
    static List<String> as(int uid, int gid, int... groups) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid,
                "--regid=" + gid));
        if (groups.length == 0) {
            command.add("--clear-groups");
        } else {
            StringBuilder list = new StringBuilder();
            for (int group : groups) {
                list.append(list.length() == 0 ? "" : ",").append(group);
            }
            command.add("--groups=" + list);
        }
        command.addAll(List.of("--inh-caps=-all", "--bounding-set=-all"));
        return command;
    }

    /** Starts the Python client ({@code prefix} python3 script args...). */
    Process startPython(List<String> prefix, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(PYTHON);
        command.add(script.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Runs the Python client to its end and returns the JSON of its last output line. */
    JsonNode python(List<String> prefix, String... args) throws IOException, InterruptedException {
        Process process = startPython(prefix, args);
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python client timed out: " + out);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("python client exited " + process.exitValue() + ": " + out);
        }
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    /** Reads one JSON line the process prints. */
    static JsonNode readLine(Process process) throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream in = process.getInputStream();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            line.append((char) c);
        }
        return JSON.readTree(line.toString());
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
