/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;

/**
 * A helper built the way examples/helper/HelperExample.java is (server started as root, then
 * the service state on every thread) whose {@code Hold} call blocks inside its body, with
 * cap_dac_read_search raised, until a {@code Release} call arrives: the window in which H8's
 * census looks. {@code Bind} only makes the permitted union larger than what Hold raises.
 * Prints {@code listening on SOCKET}, {@code holding tid=N} from inside Hold, and audit lines.
 *
 * <p>Arguments: service-uid service-gid socket socket-and-client-gid secret-directory.
 */
public final class HelperEndToEndHoldMain {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private HelperEndToEndHoldMain() {}

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[3]);
        Path secrets = Path.of(args[4]);
        HelperService service = HelperService.builder("org.caps4j.test.Hold")
                .operation(Operation.named("Hold").parameter(Parameter.path("file", secrets))
                        .capabilities(CapabilitySet.of(Capability.DAC_READ_SEARCH))
                        .allowGroups(clients)
                        .body(a -> {
                            String text = Files.readString(a.path("file"));
                            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
                            say("holding tid=" + self.getFileName());
                            if (!RELEASE.await(120, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("never released");
                            }
                            return JsonNodeFactory.instance.objectNode().put("text", text);
                        }).build())
                .operation(Operation.named("Release").allowGroups(clients)
                        .body(a -> {
                            RELEASE.countDown();
                            return JsonNodeFactory.instance.objectNode();
                        }).build())
                .operation(Operation.named("Bind")
                        .capabilities(CapabilitySet.of(Capability.NET_BIND_SERVICE))
                        .allowGroups(clients)
                        .body(a -> JsonNodeFactory.instance.objectNode()).build())
                .auditTo(HelperEndToEndHoldMain::say)
                .build();
        HelperServer server = HelperServer.builder(service).socketPath(Path.of(args[2]))
                .socketMode(0660).socketGroup(clients).bind();
        service.enterServiceState(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        server.serve();
        say("listening on " + server.socketPath().orElseThrow());
        new CountDownLatch(1).await(); // until killed
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
