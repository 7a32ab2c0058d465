/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;

/**
 * A real, unprivileged system user (and its own group) for one test: useradd on creation,
 * userdel on {@link #close()}, after which shadow's {@code /etc/*-} backups are put back as
 * they were (as LaunchUsers does), so a run leaves nothing in /etc.
 */
final class HelperOpsUser implements AutoCloseable {
    private static final List<Path> BACKUPS = List.of(Path.of("/etc/passwd-"),
            Path.of("/etc/group-"), Path.of("/etc/shadow-"), Path.of("/etc/gshadow-"));

    final String name;
    final int uid;
    final int gid;
    private final Map<Path, byte[]> backups;

    private HelperOpsUser(String name, int uid, int gid, Map<Path, byte[]> backups) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.backups = backups;
    }

    static HelperOpsUser create() {
        Privileged.requireRoot();
        String useradd = Privileged.requireTool("useradd").toString();
        Map<Path, byte[]> backups = new LinkedHashMap<>();
        try {
            for (Path backup : BACKUPS) {
                if (Files.exists(backup)) {
                    backups.put(backup, Files.readAllBytes(backup));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = "c4jh" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        ChildJvm.exec(List.of(useradd, "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name)).assertSuccess();
        int uid = Integer.parseInt(ChildJvm.exec(List.of("id", "-u", name)).assertSuccess()
                .stdout().strip());
        int gid = Integer.parseInt(ChildJvm.exec(List.of("id", "-g", name)).assertSuccess()
                .stdout().strip());
        return new HelperOpsUser(name, uid, gid, backups);
    }

    @Override
    public void close() {
        ChildJvm.exec(List.of(Privileged.requireTool("userdel").toString(), name));
        try {
            for (Map.Entry<Path, byte[]> backup : backups.entrySet()) {
                Files.write(backup.getKey(), backup.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
