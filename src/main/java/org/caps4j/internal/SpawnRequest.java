/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProcessBuilder} turned into {@code caps4j_spawn}'s arguments: the block of
 * NUL-terminated strings (arguments, environment, directory, search path, redirect paths), the
 * counts and one {@code caps4j_stdio} kind per standard descriptor. Strings are encoded as the
 * JDK encodes them for its own children ({@code sun.jnu.encoding}).
 */
final class SpawnRequest {
    /** enum caps4j_stdio. */
    static final int FD = 0, INHERIT = 1, READ = 2, WRITE = 3, APPEND = 4, STDOUT = 5;
    private static final Charset JNU = Charset.forName(
            System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));

    final String program;
    final File directory;
    final byte[] strings;
    final int argc;
    final int envc;
    final int[] kinds;
    private final String[] paths;

    private SpawnRequest(String program, File directory, byte[] strings, int argc, int envc,
            int[] kinds, String[] paths) {
        this.program = program;
        this.directory = directory;
        this.strings = strings;
        this.argc = argc;
        this.envc = envc;
        this.kinds = kinds;
        this.paths = paths;
    }

    /** Reads {@code builder} as {@link ProcessBuilder#start()} would, with its checks. */
    static SpawnRequest of(ProcessBuilder builder) throws IOException {
        List<String> command = List.copyOf(builder.command()); // NullPointerException as the JDK
        if (command.isEmpty()) {
            throw new ArrayIndexOutOfBoundsException("Index 0 out of bounds for length 0");
        }
        for (String argument : command) {
            if (argument.indexOf('\0') >= 0) {
                throw new IOException("invalid null character in command");
            }
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream(1024);
        command.forEach(argument -> put(block, argument));
        Map<String, String> environment = builder.environment();
        environment.forEach((name, value) -> put(block, name + "=" + value));
        File directory = builder.directory();
        put(block, directory == null ? "" : directory.getPath());
        put(block, ChildSpawner.commandSearchPath());
        Redirect[] redirects = {builder.redirectInput(), builder.redirectOutput(),
            builder.redirectError()};
        int[] kinds = new int[3];
        String[] paths = new String[3];
        for (int slot = 0; slot < 3; slot++) {
            kinds[slot] = slot == 2 && builder.redirectErrorStream() ? STDOUT
                    : kindOf(redirects[slot]);
            boolean file = kinds[slot] >= READ && kinds[slot] <= APPEND;
            paths[slot] = file ? redirects[slot].file().getPath() : "";
            put(block, paths[slot]);
        }
        return new SpawnRequest(command.get(0), directory, block.toByteArray(), command.size(),
                environment.size(), kinds, paths);
    }

    /** The file of a READ, WRITE or APPEND slot ("" for other kinds). */
    String slotPath(int slot) {
        return paths[slot];
    }

    /** Whether slot {@code slot} is a pipe to the JVM. */
    boolean piped(int slot) {
        return kinds[slot] == FD;
    }

    private static int kindOf(Redirect redirect) {
        return switch (redirect.type()) {
            case PIPE -> FD;
            case INHERIT -> INHERIT;
            case READ -> READ;
            case WRITE -> WRITE; // Redirect.DISCARD too: WRITE to /dev/null, as the JDK does it
            case APPEND -> APPEND;
        };
    }

    private static void put(ByteArrayOutputStream block, String string) {
        if (string.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL character in " + string);
        }
        block.writeBytes(string.getBytes(JNU));
        block.write(0);
    }
}
