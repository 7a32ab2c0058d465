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
        List<String> lines;
        try {
            lines = Files.readAllLines(task.resolve("status"));
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException exited) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(task)) {
                return null;
            }
            throw e;
        }
        String name = "";
        long inh = 0, prm = 0, eff = 0, bnd = 0, amb = 0;
        int found = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon)) {
                case "Name" -> name = value;
                case "CapInh" -> { inh = Long.parseUnsignedLong(value, 16); found++; }
                case "CapPrm" -> { prm = Long.parseUnsignedLong(value, 16); found++; }
                case "CapEff" -> { eff = Long.parseUnsignedLong(value, 16); found++; }
                case "CapBnd" -> { bnd = Long.parseUnsignedLong(value, 16); found++; }
                case "CapAmb" -> { amb = Long.parseUnsignedLong(value, 16); found++; }
                default -> { }
            }
        }
        if (found != 5) {
            return null; // a task that exited mid-read has an empty status
        }
        return new Task(Integer.parseInt(task.getFileName().toString()), name,
                new KernelState(eff, prm, inh, bnd, amb));
    }
}
