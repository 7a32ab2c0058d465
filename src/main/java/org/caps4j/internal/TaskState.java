package org.caps4j.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * One task's credentials as {@code /proc/self/task/TID/status} shows them, read from outside
 * the task (the independent half of the census). Securebits are not in that file: the caller
 * supplies the value to assume.
 *
 * @param comm the kernel's thread name (15 bytes at most)
 */
record TaskState(int tid, String comm, CredentialState state) {
    /** The task's state, or empty if it has exited. */
    static Optional<TaskState> read(int tid, int securebits) {
        Path status = ProcTasks.TASKS.resolve(Integer.toString(tid)).resolve("status");
        String text;
        try {
            text = new String(Files.readAllBytes(status), StandardCharsets.UTF_8);
        } catch (IOException exited) {
            return Optional.empty();
        }
        String comm = "";
        long e = 0, p = 0, i = 0, b = 0, a = 0;
        boolean nnp = false;
        CredentialState.Ids uids = null, gids = null;
        int[] groups = new int[0];
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon)) {
                case "Name" -> comm = value;
                case "CapInh" -> i = Long.parseUnsignedLong(value, 16);
                case "CapPrm" -> p = Long.parseUnsignedLong(value, 16);
                case "CapEff" -> e = Long.parseUnsignedLong(value, 16);
                case "CapBnd" -> b = Long.parseUnsignedLong(value, 16);
                case "CapAmb" -> a = Long.parseUnsignedLong(value, 16);
                case "NoNewPrivs" -> nnp = value.equals("1");
                case "Uid" -> uids = ids(value);
                case "Gid" -> gids = ids(value);
                case "Groups" -> groups = value.isEmpty() ? new int[0] : Arrays.stream(
                        value.split("\\s+")).mapToInt(Integer::parseUnsignedInt).toArray();
                default -> { }
            }
        }
        if (uids == null || gids == null) {
            return Optional.empty(); // a zombie's status lacks most lines
        }
        return Optional.of(new TaskState(tid, comm, new CredentialState(e, p, i, b, a,
                securebits, nnp, uids, gids, CredentialState.sortedGroups(groups))));
    }

    private static CredentialState.Ids ids(String value) {
        String[] parts = value.split("\\s+");
        return new CredentialState.Ids(Integer.parseUnsignedInt(parts[0]),
                Integer.parseUnsignedInt(parts[1]), Integer.parseUnsignedInt(parts[2]));
    }

    /** The kernel's name of task {@code tid}, or "?" once it has exited. */
    static String comm(int tid) {
        try {
            return Files.readString(ProcTasks.TASKS.resolve(Integer.toString(tid))
                    .resolve("comm")).strip();
        } catch (IOException | RuntimeException exited) {
            return "?";
        }
    }
}
