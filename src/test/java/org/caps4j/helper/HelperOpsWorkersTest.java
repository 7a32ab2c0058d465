/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.params;
import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workers in this (root) test JVM: during a call the worker's effective set is exactly the
 * operation's, though root's permitted set is full; after the call it is empty; the workers are
 * platform threads; a full pool answers Busy. Only the helper's own worker threads change.
 */
@ExtendWith(ThreadsBackToUniform.class)
class HelperOpsWorkersTest {
    private static String capEff(String tid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/task", tid, "status"))) {
            if (line.startsWith("CapEff:")) {
                return line.substring(7).strip();
            }
        }
        throw new AssertionError("no CapEff for " + tid);
    }

    @Test
    void theWorkerHoldsExactlyTheOperationsCapabilitiesAndNothingAfter() throws Exception {
        Privileged.requireRoot();
        AtomicReference<String> during = new AtomicReference<>();
        AtomicReference<String> tid = new AtomicReference<>();
        AtomicReference<Boolean> platform = new AtomicReference<>();
        try (HelperService service = HelperService.builder("com.example.W")
                .operation(Operation.named("Chown").allowUsers(1000)
                        .capabilities(CapabilitySet.of(Capability.CHOWN, Capability.KILL))
                        .body(args -> {
                            tid.set(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                                    .getFileName().toString());
                            during.set(capEff(tid.get()));
                            platform.set(Thread.currentThread().isDaemon()
                                    && !Thread.currentThread().getName().isEmpty()
                                    && Thread.currentThread().getClass() == Thread.class);
                            return JsonNodeFactory.instance.objectNode();
                        }).build())
                .auditTo(line -> { }).workers(1, 1).build()) {
            assertNull(service.handle(peer(1000, 1000), "com.example.W.Chown", params()).error());
            assertEquals("0000000000000021", during.get(), "cap_chown and cap_kill, nothing else");
            assertEquals("0000000000000000", capEff(tid.get()), "the idle worker holds nothing");
            assertTrue(platform.get(), "a plain platform thread");
            assertFalse("0000000000000000".equals(capEff(Files.readSymbolicLink(
                    Path.of("/proc/thread-self")).getFileName().toString())),
                    "the test thread (root) was not changed");
        }
    }

    @Test
    void aFullPoolAnswersBusy() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (HelperService service = HelperService.builder("com.example.W")
                .operation(Operation.named("Slow").allowUsers(1000).body(args -> {
                    entered.countDown();
                    release.await();
                    return JsonNodeFactory.instance.objectNode();
                }).build())
                .auditTo(line -> { }).workers(1, 1).build()) {
            Thread first = new Thread(() -> service.handle(peer(1000, 1000), "com.example.W.Slow",
                    params()));
            Thread second = new Thread(() -> service.handle(peer(1000, 1000), "com.example.W.Slow",
                    params()));
            first.start();
            entered.await();
            second.start(); // waits in the queue of 1
            while (second.getState() != Thread.State.TIMED_WAITING) { // the body's time limit
                Thread.sleep(10);
            }
            assertEquals(HelperErrors.BUSY, service.handle(peer(1000, 1000), "com.example.W.Slow",
                    params()).error());
            release.countDown();
            first.join();
            second.join();
        }
    }
}
