/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code export [--json] (--pid PID | TEXT...) --to FORMAT}: the systemd lines, setpriv or
 * capsh command, or caps4j-launch policy with which a new program holds what a process or
 * capability text holds.
 */
final class ExportCommand {
    static final List<String> FORMATS = List.of("systemd", "setpriv", "capsh", "launch-policy");

    static final String DETAILS = """
            --pid PID      a running process: its inheritable, ambient and bounding sets,
                           no_new_privs, uid, gid and groups (/proc/PID/status); securebits
                           only for caps4j's own process (no one else can read them)
            TEXT           libcap capability text, e.g. cap_net_bind_service=eip: the
                           program gets permitted = effective = TEXT's permitted set
                           (bounding set to it, ambient = permitted & inheritable)
            --to FORMAT    systemd: [Service] lines (AmbientCapabilities=,
                             CapabilityBoundingSet=, NoNewPrivileges=, SecureBits=, and
                             User=/Group= for a non-root process)
                           setpriv: a setpriv command ending in --; append the program
                           capsh: a capsh command ending in --; append -c 'COMMAND'
                           launch-policy: a caps4j-launch policy granting what the program
                             would hold; review program and allow-user
            --json         {"source", "format", "lines" or "argv", "notes"}

            What a format cannot express is said: as '# note:' lines in systemd and policy
            output, on stderr for setpriv and capsh (so stdout stays one command line).""";

    private ExportCommand() {}

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        String pid = null;
        String format = null;
        boolean json = false;
        List<String> text = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--json")) {
                json = true;
            } else if (word.equals("--pid") || word.equals("--to")) {
                if (i + 1 == words.size()) {
                    throw new Subcommand.UsageException(word + " needs a value");
                }
                String value = words.get(++i);
                if (word.equals("--pid")) {
                    pid = value;
                } else {
                    format = value;
                }
            } else if (word.startsWith("--pid=")) {
                pid = word.substring("--pid=".length());
            } else if (word.startsWith("--to=")) {
                format = word.substring("--to=".length());
            } else if (word.startsWith("-") && word.length() > 1) {
                throw new Subcommand.UsageException("export has no option '" + word
                        + "' (known: --json, --pid, --to)");
            } else {
                text.add(word);
            }
        }
        if (format == null || !FORMATS.contains(format)) {
            throw new Subcommand.UsageException("export needs --to, one of "
                    + String.join(", ", FORMATS) + (format == null ? "" : ", not '" + format
                    + "'"));
        }
        if ((pid == null) == text.isEmpty()) {
            throw new Subcommand.UsageException("export takes either --pid PID or capability "
                    + "text, e.g. export --to systemd cap_net_bind_service=eip");
        }
        ExportTarget target;
        if (pid != null) {
            long id = ShowPids.parsePid(pid, "export");
            PidStatus status;
            try {
                status = PidStatus.ofProcess(id);
            } catch (NoSuchFileException gone) {
                err.println("caps4j export: no process " + id + " exists (it may have exited)");
                return Main.FAILED;
            }
            target = ExportTarget.fromProcess(status, executable(id));
        } else {
            target = ExportTarget.fromText(String.join(" ", text));
        }
        List<String> notes = new ArrayList<>(target.notes());
        List<String> lines;
        try {
            lines = switch (format) {
                case "systemd" -> ExportFormats.systemd(target, notes);
                case "setpriv" -> ExportFormats.setpriv(target, notes);
                case "capsh" -> ExportFormats.capsh(target, notes);
                default -> ExportFormats.launchPolicy(target, notes);
            };
        } catch (IllegalStateException nothing) {
            err.println("caps4j export: " + nothing.getMessage());
            return Main.FAILED;
        }
        boolean command = format.equals("setpriv") || format.equals("capsh");
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("source", target.source());
            root.put("format", format);
            root.put(command ? "argv" : "lines", lines);
            root.put("notes", notes);
            out.println(Json.write(root));
        } else if (command) {
            notes.forEach(note -> err.println("caps4j export: note: " + note));
            out.println(commandLine(lines.stream().map(ExportCommand::shellWord).toList()));
        } else {
            out.println("# from " + target.source() + " (caps4j export --to " + format + ")");
            notes.forEach(note -> out.println("# note: " + note));
            lines.forEach(out::println);
        }
        return Main.OK;
    }

    /** The process's executable, if this user may read /proc/PID/exe. */
    private static Optional<String> executable(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid),
                    "exe")).toString()).filter(path -> !path.endsWith(" (deleted)"));
        } catch (IOException | UnsupportedOperationException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The words joined by spaces, continued with {@code " \\"} and a 4-space indent before a
     * word that would pass column 79 (a longer word gets a line of its own): readable, and
     * still one command for sh(1).
     */
    static String commandLine(List<String> words) {
        StringBuilder text = new StringBuilder();
        int column = 0;
        for (String word : words) {
            if (column > 0 && column + 1 + word.length() + 2 > 79) {
                text.append(" \\\n    ");
                column = 4;
            } else if (column > 0) {
                text.append(' ');
                column++;
            }
            text.append(word);
            column += word.length();
        }
        return text.toString();
    }

    /** {@code word} as sh(1) reads it back: as is when safe, else in single quotes. */
    static String shellWord(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_=,+./:@%-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
