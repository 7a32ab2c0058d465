/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;

/**
 * Child-JVM main: loads the shim (a read needs it) and prints
 * <ul>
 * <li>{@code read=} the caps read, or the exception's message if the shim was not loaded;</li>
 * <li>{@code map=} each line of /proc/self/maps that maps a caps4j library (where it came from);</li>
 * <li>{@code memfd-write=} for each fd of this process that is caps4j's memfd: what writing to
 *     it and truncating it did (both must be refused by the seals);</li>
 * <li>the process's {@code CapEff} line.</li>
 * </ul>
 */
public final class ShimMapsMain {
    private ShimMapsMain() {}

    public static void main(String[] args) throws Exception {
        try {
            System.out.println("read=" + Caps.fromProcess());
        } catch (CapabilityException e) {
            System.out.println("read=" + e.getMessage().replace('\n', ' '));
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("caps4j")) {
                System.out.println("map=" + line);
            }
        }
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (java.nio.file.NoSuchFileException closedSinceListed) {
                    continue; // another thread's fd (the JVM's, JNA's), closed meanwhile
                }
                if (target.startsWith("/memfd:libcaps4j.so")) {
                    System.out.println("memfd-write=" + fd.getFileName() + " " + tryToChange(fd));
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                System.out.println(line);
            }
        }
    }

    private static String tryToChange(Path fd) {
        String write;
        String truncate;
        try (FileChannel channel = FileChannel.open(fd, StandardOpenOption.WRITE)) {
            try {
                channel.write(ByteBuffer.wrap(new byte[] {0x7f}), 0);
                write = "ALLOWED";
            } catch (IOException e) {
                write = "refused (" + e.getMessage() + ")";
            }
            try {
                channel.truncate(0);
                truncate = "ALLOWED";
            } catch (IOException e) {
                truncate = "refused (" + e.getMessage() + ")";
            }
        } catch (IOException e) {
            return "open refused (" + e.getMessage() + ")";
        }
        return String.join(" ", List.of("write", write, "truncate", truncate));
    }
}
