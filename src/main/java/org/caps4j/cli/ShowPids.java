/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code show [--json] [PID...]}: without PIDs the demo ({@link ShowCommand}), with PIDs one
 * {@code getpcaps} line per process.
 */
final class ShowPids {
    private ShowPids() {}

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Options options = Options.parse(words, "show", Set.of("--json", "--getpcaps"));
        List<String> operands = options.operands();
        boolean json = options.has("--json");
        if (operands.isEmpty()) {
            if (json) {
                out.println(Json.write(JsonReports.process()));
                return Main.OK;
            }
            return ShowCommand.run(out);
        }
        List<Long> pids = new ArrayList<>();
        for (String operand : operands) {
            pids.add(parsePid(operand, "show"));
        }
        boolean getpcaps = options.has("--getpcaps");
        List<Object> processes = new ArrayList<>();
        List<Object> errors = new ArrayList<>();
        boolean first = true;
        for (long pid : pids) {
            PidStatus status;
            try {
                status = PidStatus.ofProcess(pid);
            } catch (NoSuchFileException gone) {
                String message = "no process " + pid + " exists (it may have exited)";
                err.println("caps4j show: " + message);
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("pid", pid);
                error.put("error", message);
                errors.add(error);
                continue;
            }
            if (json) {
                processes.add(PidReport.json(status));
            } else if (getpcaps) {
                out.println(pid + ": " + status.caps()); // getpcaps' format
            } else {
                if (!first) {
                    out.println();
                }
                PidReport.print(status, out);
            }
            first = false;
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("processes", processes);
            root.put("errors", errors);
            out.println(Json.write(root));
        }
        return errors.isEmpty() ? Main.OK : Main.FAILED;
    }

    /** A process id, 1..2^31-1, in plain decimal. */
    static long parsePid(String operand, String command) {
        if (!operand.matches("[0-9]{1,10}") || Long.parseLong(operand) == 0
                || Long.parseLong(operand) > Integer.MAX_VALUE) {
            throw new Subcommand.UsageException(command + " takes process ids (1.."
                    + Integer.MAX_VALUE + "), not '" + operand + "'");
        }
        return Long.parseLong(operand);
    }
}
