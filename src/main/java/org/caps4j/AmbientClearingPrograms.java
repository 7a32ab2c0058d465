/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.caps4j.internal.ChildSpawner;

/**
 * Programs the kernel would execute with an empty ambient set: set-user-id or set-group-id
 * programs and programs with file capabilities. For a {@code #!} script the kernel executes its
 * interpreter (up to four levels of them), whose bits decide, so the whole chain is checked.
 */
final class AmbientClearingPrograms {
    /** The kernel's limit on nested interpreters (binfmt_script). */
    private static final int MAX_INTERPRETERS = 4;
    /** The kernel reads the #! line from the first 256 bytes (BINPRM_BUF_SIZE). */
    private static final int SHEBANG_BYTES = 256;

    private AmbientClearingPrograms() {}

    /**
     * The file the JDK's search would execute for {@code command}: itself if it has a '/',
     * else the first executable regular file on the JVM's PATH; null if there is none.
     */
    static Path resolve(String command, File directory) {
        Path base = directory != null ? directory.toPath() : Path.of("");
        if (command.contains("/")) {
            Path path = base.resolve(command);
            return Files.exists(path) ? path : null;
        }
        String search = ChildSpawner.commandSearchPath();
        for (String entry : search.split(":", -1)) {
            Path candidate = base.resolve(entry.isEmpty() ? "." : entry).resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Throws if the file the kernel would finally execute for {@code program} clears
     * {@code ambient}. The kernel takes set-id bits and file capabilities from that file only
     * (a script's own bits are ignored), so for a {@code #!} script that is its interpreter.
     */
    static void refuse(Path program, CapabilitySet ambient) throws IOException {
        Path file = program;
        for (int level = 0; level < MAX_INTERPRETERS; level++) {
            Path interpreter = interpreter(file);
            if (interpreter == null) {
                break;
            }
            file = interpreter;
        }
        String subject = file.equals(program) ? program.toString()
                : program + " is a script run by " + file + ", and " + file;
        int mode = (Integer) Files.getAttribute(file, "unix:mode");
        if ((mode & 06000) != 0) {
            throw refusal(program, ambient, subject + " is set-user-id or set-group-id (mode "
                    + Integer.toOctalString(mode & 07777) + ")");
        }
        Optional<FileCaps> fileCaps = FileCaps.read(file.toRealPath());
        if (fileCaps.isPresent()) {
            throw refusal(program, ambient, subject + " has file capabilities ("
                    + fileCaps.get() + "); grant what it needs in its file capabilities "
                    + "instead, or remove them (setcap -r)");
        }
    }

    private static CapabilityPermissionException refusal(Path program, CapabilitySet ambient,
            String reason) {
        return new CapabilityPermissionException("Launcher.start", "to give " + program
                + " the ambient capabilities " + ambient + " (nothing was started)", reason
                + ": the kernel clears the ambient set when it executes such a program");
    }

    /** The interpreter a {@code #!} line names, or null if {@code file} has none. */
    private static Path interpreter(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SHEBANG_BYTES);
        } catch (IOException unreadable) {
            return null; // the kernel decides; the exec reports what it finds
        }
        if (head.length < 2 || head[0] != '#' || head[1] != '!') {
            return null;
        }
        String line = new String(head, 2, head.length - 2, StandardCharsets.ISO_8859_1);
        line = line.split("\n", 2)[0].strip();
        String path = line.split("[ \t]", 2)[0];
        return path.isEmpty() ? null : Path.of(path);
    }
}
