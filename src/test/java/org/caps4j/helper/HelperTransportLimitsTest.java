/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caps4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * H6: one unprivileged uid holding 1,000 idle connections and another streaming a 1 GiB frame
 * with no end do not keep a third uid from being served promptly; the big frame is refused at
 * the 64 KiB cap; idle connections close after the idle timeout; and the helper JVM (a child
 * with {@code -Xmx48m}) keeps its memory: its peak RSS (VmHWM) is compared with its RSS before
 * the attack, and its thread count returns to where it was.
 */
class HelperTransportLimitsTest {
    private static final int IDLER = 64401, FLOODER = 64402, VICTIM = 64403;
    private static final int PER_UID = 8, IDLE_MILLIS = 6_000, IDLERS = 1_000;
    private static final long FLOOD_BYTES = 1L << 30;

    @Test
    void floodsAndIdleConnectionsOfOneUidDoNotStarveAnother() throws Exception {
        try (HelperTransportFixture fixture = new HelperTransportFixture()) {
            Path socket = fixture.directory.resolve("helper.sock");
            List<String> command = new ArrayList<>(ChildJvm.javaCommand(
                    List.of("--enable-native-access=ALL-UNNAMED", "-Xmx48m"),
                    HelperTransportServerMain.class.getName()));
            command.addAll(List.of(socket.toString(), Integer.toString(PER_UID),
                    Integer.toString(IDLE_MILLIS)));
            Process server = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(
                        server.getInputStream(), StandardCharsets.UTF_8));
                String ready = out.readLine();
                assertTrue(ready != null && ready.startsWith("READY"), String.valueOf(ready));
                long pid = server.pid();
                // warm up (class loading, JIT of the hot path), then take the baseline
                for (int i = 0; i < 20; i++) {
                    assertCallWorks(fixture, socket);
                }
                long rssBefore = statusKib(pid, "VmRSS");
                long threadsBefore = statusKib(pid, "Threads");

                Process idler = fixture.startPython(HelperTransportFixture.as(IDLER, IDLER), "idle",
                        socket.toString(), Integer.toString(IDLERS), "15");
                JsonNode held = HelperTransportFixture.readLine(idler);
                assertEquals(IDLERS, held.get("opened").asInt(), held.toString());
                assertEquals(IDLERS - PER_UID, held.get("closedAtOnce").asInt(),
                        "beyond its cap each connection of the uid is closed at once: " + held);

                Process flooder = fixture.startPython(HelperTransportFixture.as(FLOODER, FLOODER),
                        "flood", socket.toString(), Long.toString(FLOOD_BYTES));
                flooder.getOutputStream().close();
                // the victim, while the idler's 8 connections are open (it reported after <= 2 s,
                // they close after 6 s) and the flood starts (refused within milliseconds)
                long start = System.nanoTime();
                JsonNode victim = assertCallWorks(fixture, socket);
                long victimMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(victimMillis < 3_000, "served in " + victimMillis + " ms");
                assertEquals(VICTIM, victim.get("reply").get("parameters").get("atConnect")
                        .get("uid").asInt());

                String floodOut = new String(flooder.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8);
                assertTrue(flooder.waitFor(60, TimeUnit.SECONDS));
                JsonNode flood = HelperTransportFixture.JSON.readTree(floodOut.strip());
                assertEquals("org.caps4j.helper.FrameTooLarge",
                        flood.get("reply").get("error").asText(), flood.toString());
                long sent = flood.get("sent").asLong();
                assertTrue(sent < 16L << 20, "refused after " + sent + " bytes, not 1 GiB");

                String idleOut = new String(idler.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8);
                assertTrue(idler.waitFor(60, TimeUnit.SECONDS));
                JsonNode idle = HelperTransportFixture.JSON.readTree(idleOut.strip());
                assertEquals(PER_UID, idle.get("keptOpen").asInt(), idle.toString());
                assertEquals(PER_UID, idle.get("closedLater").asInt(), idle.toString());
                double last = idle.get("lastClosedAfterSeconds").asDouble();
                // the idler counts from after its 1,000 connects; the server from each accept
                assertTrue(last >= 4 && last < 10, "idle connections closed after " + last + " s");

                long peak = statusKib(pid, "VmHWM");
                long rssAfter = statusKib(pid, "VmRSS");
                long threadsAfter = waitForThreads(pid, threadsBefore);
                System.out.printf("H6: RSS before %d KiB, peak (VmHWM) %d KiB, after %d KiB;"
                        + " flood refused after %d bytes; victim served in %d ms; %d idle connections"
                        + " closed after %.2f s; threads %d -> %d%n", rssBefore, peak, rssAfter,
                        sent, victimMillis, PER_UID, last, threadsBefore, threadsAfter);
                assertTrue(peak - rssBefore < 64 * 1024, "peak RSS grew by "
                        + (peak - rssBefore) + " KiB");
                assertEquals(threadsBefore, threadsAfter, "every connection thread ended");
            } finally {
                server.getOutputStream().close();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private static JsonNode assertCallWorks(HelperTransportFixture fixture, Path socket)
            throws Exception {
        JsonNode out = fixture.python(HelperTransportFixture.as(VICTIM, VICTIM), "call",
                socket.toString(), EchoHandler.INTERFACE + ".Who");
        assertTrue(out.get("reply").get("error") == null, out.toString());
        return out;
    }

    /** A numeric field of /proc/PID/status ("VmRSS:  1234 kB" gives 1234). */
    private static long statusKib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no " + field + " in /proc/" + pid + "/status");
    }

    private static long waitForThreads(long pid, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long threads;
        while ((threads = statusKib(pid, "Threads")) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return threads;
    }
}
