package org.caps4j.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.CapabilityException;

/**
 * The capability state of every task (thread) of this process, from
 * {@code /proc/self/task/<tid>/status}. Minimal and internal: the transaction engine's
 * verifier. Tasks that exit while being read are left out.
 */
public final class TaskCensus {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** One task's name and state. */
    public record Task(int tid, String name, KernelState state) {}

    private TaskCensus() {}

    public static List<Task> take() {
        List<Task> tasks = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(TASKS)) {
            for (Path task : dir) {
                Task read = read(task);
                if (read != null) {
                    tasks.add(read);
                }
            }
        } catch (IOException e) {
            throw new CapabilityException("read " + TASKS, 0, "", e.toString(), e);
        }
        return tasks;
    }

    /** Task {@code tid} of this process, or null if it no longer exists. */
    public static Task read(int tid) {
        try {
            return read(TASKS.resolve(Integer.toString(tid)));
        } catch (IOException e) {
            throw new CapabilityException("read " + TASKS.resolve(tid + "/status"), 0, "",
                    e.toString(), e);
        }
    }

    private static Task read(Path task) throws IOException {
        byte[] status;
        try {
            status = Files.readAllBytes(task.resolve("status"));
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException exited) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(task)) {
                return null;
            }
            throw e;
        }
        long inh = hexField(status, "CapInh:"), prm = hexField(status, "CapPrm:"),
                eff = hexField(status, "CapEff:"), bnd = hexField(status, "CapBnd:"),
                amb = hexField(status, "CapAmb:");
        if (fieldStart(status, "CapAmb:") < 0) {
            return null; // a task that exited mid-read has an empty status
        }
        return new Task(Integer.parseInt(task.getFileName().toString()), name(status),
                new KernelState(eff, prm, inh, bnd, amb));
    }

    /** The offset just after {@code "\n" + key} (or key at the start), or -1. */
    private static int fieldStart(byte[] status, String key) {
        outer:
        for (int i = 0; i + key.length() <= status.length; i++) {
            if (i > 0 && status[i - 1] != '\n') {
                continue;
            }
            for (int k = 0; k < key.length(); k++) {
                if (status[i + k] != key.charAt(k)) {
                    continue outer;
                }
            }
            return i + key.length();
        }
        return -1;
    }

    /** The 16-digit hex value of a Cap* line (0 if the line is missing). */
    private static long hexField(byte[] status, String key) {
        int i = fieldStart(status, key);
        if (i < 0) {
            return 0;
        }
        while (i < status.length && (status[i] == '\t' || status[i] == ' ')) {
            i++;
        }
        long value = 0;
        for (; i < status.length && Character.digit(status[i], 16) >= 0; i++) {
            value = (value << 4) | Character.digit(status[i], 16);
        }
        return value;
    }

    private static String name(byte[] status) {
        int i = fieldStart(status, "Name:");
        if (i < 0) {
            return "";
        }
        while (i < status.length && status[i] == '\t') {
            i++;
        }
        int end = i;
        while (end < status.length && status[end] != '\n') {
            end++;
        }
        return new String(status, i, end - i, java.nio.charset.StandardCharsets.UTF_8);
    }
}
