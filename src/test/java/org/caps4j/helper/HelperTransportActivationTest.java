/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Socket activation: a helper JVM started by systemd's own {@code systemd-socket-activate}
 * serves on the socket it was passed (fd 3), and a helper handed something else as fd 3 (a
 * file, a TCP socket) refuses to start with a message that says so.
 */
class HelperTransportActivationTest {
    private HelperTransportFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new HelperTransportFixture();
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void aHelperStartedBySystemdSocketActivateServesOnItsSocket() throws Exception {
        Path activate = Privileged.requireTool("systemd-socket-activate");
        Path socket = fixture.directory.resolve("activated.sock");
        List<String> command = new ArrayList<>(List.of(activate.toString(), "-l",
                socket.toString(), "--"));
        command.addAll(ChildJvm.javaCommand(HelperTransportServerMain.class.getName()));
        command.add("-");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // systemd-socket-activate starts the JVM on the first connection, like systemd
            try (HelperClient client = HelperClient.connect(socket)) {
                Reply info = client.call("org.varlink.service.GetInfo", null);
                assertEquals("caps4j", info.parameters().get("vendor").asText(), info.toString());
                Reply who = client.call(EchoHandler.INTERFACE + ".Who", null);
                assertEquals(ProcessHandle.current().pid(),
                        who.parameters().get("atConnect").get("pid").asLong());
            }
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready.startsWith("READY") && ready.endsWith("activated=true"), ready);
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertEquals(0, process.exitValue());
    }

    @Test
    void somethingElseAsFd3IsRefused() throws Exception {
        String file = "os.open('/proc/self/status', os.O_RDONLY)";
        String tcp = "(lambda s: (s.bind(('127.0.0.1', 0)), s.listen(), s.detach())[2])"
                + "(socket.socket(socket.AF_INET, socket.SOCK_STREAM))";
        String unbound = "socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).detach()";
        assertEquals("FAILED systemd passed fd 3 but it is not a listening AF_UNIX stream socket"
                + " (Socket operation on non-socket (ENOTSOCK)): use ListenStream=/path with"
                + " Accept=no in the .socket unit", launchWithFd3(file, true));
        String tcpRefused = launchWithFd3(tcp, true);
        assertTrue(tcpRefused.contains("(Address family not supported by protocol"
                + " (EAFNOSUPPORT))"), tcpRefused);
        String notListening = launchWithFd3(unbound, true);
        assertTrue(notListening.contains("(Invalid argument (EINVAL))"), notListening);
        // LISTEN_PID of another process: not activated, and no path to fall back on
        assertEquals("FAILED not socket-activated (LISTEN_PID/LISTEN_FDS) and no socketPath given",
                launchWithFd3(file, false));
    }

    /** Execs the helper JVM from Python with {@code fd3} as descriptor 3 and LISTEN_FDS=1. */
    private String launchWithFd3(String fd3, boolean ourPid) throws Exception {
        List<String> java = ChildJvm.javaCommand(HelperTransportServerMain.class.getName());
        List<String> argv = new ArrayList<>(java);
        argv.add("-");
        StringBuilder list = new StringBuilder("[");
        for (String arg : argv) {
            list.append(HelperTransportFixture.JSON.writeValueAsString(arg)).append(',');
        }
        list.append(']');
        String script = "import os, socket\n"
                + "fd = " + fd3 + "\n"
                + "if fd != 3: os.dup2(fd, 3)\n"
                + "os.set_inheritable(3, True)\n"
                + "os.environ['LISTEN_FDS'] = '1'\n"
                + "os.environ['LISTEN_PID'] = str(os.getpid()" + (ourPid ? "" : " + 1") + ")\n"
                + "argv = " + list + "\n"
                + "os.execv(argv[0], argv)\n";
        Process process = new ProcessBuilder(HelperTransportFixture.PYTHON, "-c", script)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), out);
        assertFalse(out.contains("READY"), out);
        return out.strip();
    }
}
