/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;

/**
 * An unprivileged system user that exists only for one test: created with useradd (no home, no
 * login shell) and removed with userdel on {@link #close()}. A leftover from a killed run is
 * removed first, so the test always starts from a user that owns nothing.
 */
final class ScratchUser implements AutoCloseable {
    final String name;
    final int uid;

    private ScratchUser(String name, int uid) {
        this.name = name;
        this.uid = uid;
    }

    /** Needs root; fails in CI (skips elsewhere) if useradd is missing. */
    static ScratchUser create(String name) {
        String useradd = Privileged.requireTool("useradd").toString();
        String userdel = Privileged.requireTool("userdel").toString();
        ChildJvm.exec(List.of(userdel, name)); // exit 6 "does not exist" is the usual case
        ChildJvm.exec(List.of(useradd, "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name)).assertSuccess();
        String uid = ChildJvm.exec(List.of("id", "-u", name)).assertSuccess().stdout().trim();
        return new ScratchUser(name, Integer.parseInt(uid));
    }

    /** {@code setpriv} arguments that run a command as this user with no capability at all. */
    List<String> setpriv() {
        return List.of(Privileged.requireTool("setpriv").toString(), "--reuid=" + name,
                "--regid=" + name, "--clear-groups");
    }

    @Override
    public void close() {
        ChildJvm.exec(List.of(Privileged.requireTool("userdel").toString(), name)).assertSuccess();
    }
}
