/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.Test;

/**
 * examples/helper/HelperExample.java runs as its header says (as root, becoming a real service
 * user made for the test) and prints what it promises; the log is 0600 in a 0700 directory, so
 * the ReadLog reply proves cap_dac_read_search was in effect for that operation.
 */
class HelperOpsExampleTest {
    @Test
    void exampleRunsAsDocumented() throws Exception {
        Privileged.requireRoot();
        try (HelperOpsUser user = HelperOpsUser.create()) {
            Path logs = TestScratch.directory("caps4j-helper-logs-");
            Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwx------"));
            Path log = Files.writeString(logs.resolve("app.log"), "the-log\n");
            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
            List<String> command = new ArrayList<>(ChildJvm.javaCommand(
                    Path.of("examples/helper/HelperExample.java").toAbsolutePath().toString()));
            command.addAll(List.of(user.name, logs.toString()));
            ChildJvm.Result result = ChildJvm.exec(command).assertSuccess();
            assertEquals(List.of(
                    "service state: uid " + user.uid + ", every thread E = {}, P = "
                            + "cap_dac_read_search,cap_net_bind_service",
                    "ReadLog {\"file\":\"app.log\"} -> {\"text\":\"the-log\\n\"}",
                    "ReadLog {\"file\":\"../../etc/shadow\"} -> org.varlink.service.InvalidParameter "
                            + "{\"parameter\":\"file\"}",
                    "CheckLowPort {\"port\":1} -> {\"bindable\":true}",
                    "ReadLog as uid 4242 -> org.caps4j.helper.NotAuthorized {}"),
                    result.stdout().lines().toList(), result.stderr());
        }
    }
}
