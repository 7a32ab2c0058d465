/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The payload caps4j-launch runs in the tests (packed into a jar; JDK classes only). It reports
 * what it received and holds, one {@code key value} per line: its capability sets and ids from
 * /proc/self/status, environment, arguments, its own argv (/proc/self/cmdline), working directory, open fds,
 * and whether binding 127.0.0.1:80 is permitted. With a first argument {@code --report-to=FILE}
 * it writes the report to FILE instead of stdout (for runs whose stdout is closed).
 */
public final class LaunchProbeMain {
    private LaunchProbeMain() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        if (args.length > 0 && args[0].startsWith("--report-to=")) {
            out = new PrintStream(Files.newOutputStream(Path.of(args[0].substring(12))), true);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Cap") || line.startsWith("NoNewPrivs") || line.startsWith("Uid")
                    || line.startsWith("Gid")) {
                out.println("status " + line.replaceAll("\\s+", " "));
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(System.getenv()).entrySet()) {
            out.println("env " + e.getKey() + "=" + e.getValue());
        }
        for (String arg : args) {
            out.println("arg " + arg);
        }
        for (String arg : Files.readString(Path.of("/proc/self/cmdline")).split("\0")) {
            out.println("argv " + arg);
        }
        out.println("cwd " + Path.of("").toAbsolutePath());
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    out.println("fd " + fd.getFileName() + " " + Files.readSymbolicLink(fd));
                } catch (IOException gone) {
                    // the directory stream's own fd, closed by now
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(80, 1, InetAddress.getByName("127.0.0.1"))) {
            out.println("bind80 ok");
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            out.println(message.contains("in use") ? "bind80 in-use" : "bind80 denied " + message);
        }
        out.println("end");
        out.flush();
    }
}
