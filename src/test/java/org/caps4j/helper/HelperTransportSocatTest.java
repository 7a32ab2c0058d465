/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * A client this project did not write: socat, fed the Varlink framing by printf through a shell,
 * gets a reply it can parse (one JSON object, then NUL), also as an unprivileged uid.
 */
class HelperTransportSocatTest {
    @Test
    void socatSpeaksTheFraming() throws Exception {
        Path socat = Privileged.requireTool("socat");
        try (HelperTransportFixture fixture = new HelperTransportFixture()) {
            Path socket = fixture.directory.resolve("helper.sock");
            try (HelperServer server = HelperServer.builder(new EchoHandler()).socketPath(socket)
                    .socketMode(0666).start()) {
                String getInfo = socat(List.of(), socat, socket,
                        "{\"method\":\"org.varlink.service.GetInfo\"}");
                assertTrue(getInfo.endsWith("\0"), "a NUL ends the reply: " + getInfo);
                JsonNode info = HelperTransportFixture.JSON.readTree(
                        getInfo.substring(0, getInfo.length() - 1));
                assertEquals("caps4j", info.get("parameters").get("vendor").asText());
                assertEquals("[\"org.varlink.service\",\"org.caps4j.test.Echo\"]",
                        info.get("parameters").get("interfaces").toString());

                String who = socat(HelperTransportFixture.as(64301, 64302), socat, socket,
                        "{\"method\":\"org.caps4j.test.Echo.Who\",\"parameters\":{\"x\":[1]}}");
                JsonNode echo = HelperTransportFixture.JSON.readTree(
                        who.substring(0, who.length() - 1)).get("parameters");
                assertEquals(64301, echo.get("atConnect").get("uid").asInt(), who);
                assertEquals("{\"x\":[1]}", echo.get("parameters").toString());
            }
        }
    }

    /** {@code printf 'MESSAGE\0' | socat -t2 - UNIX-CONNECT:PATH}, run by sh. */
    private static String socat(List<String> prefix, Path socat, Path socket, String message)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(List.of("/bin/sh", "-c", "printf '%s\\0' \"$1\" | " + socat
                + " -t2 - UNIX-CONNECT:\"$2\"", "sh", message, socket.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
