package org.caps4j.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code Groups:} line of {@code /proc/self/task/<tid>/status}: a task's supplementary
 * groups, which {@link ProcStatus} does not parse. Used only to verify a uid/gid change.
 */
final class ProcGroups {
    private ProcGroups() {}

    /**
     * Empty if task {@code tid} has exactly the groups {@code sortedExpected} (or has exited),
     * else a description of the difference. The kernel keeps the list sorted.
     */
    static String differences(int tid, int[] sortedExpected) {
        Path status = ProcTasks.TASKS.resolve(Integer.toString(tid)).resolve("status");
        String text;
        try {
            text = new String(Files.readAllBytes(status), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException exited) {
            return "";
        } catch (IOException e) {
            return " cannot read " + status + ": " + e.getMessage();
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("Groups:")) {
                String list = line.substring("Groups:".length()).strip();
                long[] actual = list.isEmpty() ? new long[0]
                        : Arrays.stream(list.split("\\s+")).mapToLong(Long::parseLong).sorted()
                                .toArray();
                long[] expected = Arrays.stream(sortedExpected).mapToLong(Integer::toUnsignedLong)
                        .sorted().toArray();
                return Arrays.equals(actual, expected) ? "" : " Groups [" + list
                        + "] (expected " + Arrays.toString(expected) + ")";
            }
        }
        return " no Groups line in " + status;
    }
}
