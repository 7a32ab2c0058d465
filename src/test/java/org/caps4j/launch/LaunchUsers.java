/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.caps4j.testing.Privileged;

/**
 * Throwaway local users and groups for the launcher's attack tests: the attacker (and the
 * allowed operator) are real accounts created here with useradd, never mocks. System accounts
 * ({@code -r}: no subuid range, no home, no mail spool), removed again by {@link #close()} (and a
 * shutdown hook), after which shadow's {@code /etc/*-} backup copies are put back as they were, so
 * a run leaves nothing in /etc.
 */
final class LaunchUsers implements AutoCloseable {
    private static final List<Path> SHADOW_BACKUPS = List.of(Path.of("/etc/passwd-"), Path.of("/etc/group-"),
            Path.of("/etc/shadow-"), Path.of("/etc/gshadow-"));

    record User(String name, int uid) {
        /** {@code setpriv} as this user, group nogroup, supplementary groups from /etc/group. */
        List<String> run(String... command) {
            List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=nogroup",
                    "--init-groups"));
            full.addAll(List.of(command));
            return full;
        }

        /** This user runs the installed launcher with exactly {@code env} (plus PATH). */
        LaunchFixture.Result launch(Map<String, String> env, String policy, String... args) {
            List<String> command = new ArrayList<>(List.of(LaunchFixture.LAUNCHER.toString(), policy));
            command.addAll(List.of(args));
            return LaunchFixture.run(run(command.toArray(String[]::new)), env);
        }
    }

    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final Map<Path, byte[]> backups = new LinkedHashMap<>();
    private final String prefix = "c4jl" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final Thread hook = new Thread(this::close);

    LaunchUsers() {
        Privileged.requireRoot();
        Privileged.requireTool("useradd");
        try {
            for (Path backup : SHADOW_BACKUPS) {
                if (Files.exists(backup)) {
                    backups.put(backup, Files.readAllBytes(backup));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A new group; its name is returned. */
    String group(String suffix) {
        String name = prefix + "g" + suffix;
        LaunchFixture.run(List.of("groupadd", "-r", name), Map.of()).assertOk();
        groups.add(name);
        return name;
    }

    /** A new user with primary group nogroup and these supplementary groups. */
    User user(String suffix, String... supplementary) {
        String name = prefix + suffix;
        List<String> command = new ArrayList<>(List.of("useradd", "-r", "-M", "-N", "-g", "nogroup",
                "-s", "/usr/sbin/nologin"));
        if (supplementary.length > 0) {
            command.addAll(List.of("-G", String.join(",", supplementary)));
        }
        command.add(name);
        LaunchFixture.run(command, Map.of()).assertOk();
        users.add(name);
        String uid = LaunchFixture.run(List.of("id", "-u", name), Map.of()).assertOk().stdout().strip();
        return new User(name, Integer.parseInt(uid));
    }

    @Override
    public synchronized void close() {
        for (String user : users) {
            LaunchFixture.run(List.of("userdel", user), Map.of());
        }
        for (String group : groups) {
            LaunchFixture.run(List.of("groupdel", group), Map.of());
        }
        users.clear();
        groups.clear();
        try {
            for (Map.Entry<Path, byte[]> backup : backups.entrySet()) {
                Files.write(backup.getKey(), backup.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // close() is the hook itself
        }
    }
}
