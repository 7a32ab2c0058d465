/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.JSON;
import static org.caps4j.helper.HelperOpsFixture.params;
import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 * examples/helper/HelperAdmin.java against a helper served over a real AF_UNIX socket. The
 * socket loop here is a minimal stand-in for the transport (HelperServer, built elsewhere):
 * NUL-framed JSON, the peer's user and group from SO_PEERCRED. Root (group 0, the approver
 * group) lists and approves; a scratch user running the same command is refused.
 */
class HelperOpsAdminTest {
    @Test
    void adminListsAndApprovesAndANonAdminIsRefused() throws Exception {
        Privileged.requireRoot();
        Path dir = TestScratch.directory("caps4j-helper-admin-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = dir.resolve("socket");
        try (HelperOpsUser user = HelperOpsUser.create();
                HelperService service = HelperService.builder("org.caps4j.example.Helper")
                        .operation(Operation.named("Wipe").allowUsers(1000).needsApproval()
                                .parameter(Parameter.integer("disk", 0, 9))
                                .body(args -> JsonNodeFactory.instance.objectNode().put("wiped",
                                        args.integer("disk"))).build())
                        .approvers(0).auditTo(line -> { }).build();
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            Thread loop = new Thread(() -> serve(server, service), "fake-transport");
            loop.setDaemon(true);
            loop.start();

            Reply pending = service.handle(peer(1000, 1000), "org.caps4j.example.Helper.Wipe",
                    params("{\"disk\": 3}"));
            String id = pending.parameters().get("pending").asText();

            String line = id + " uid=1000 method=org.caps4j.example.Helper.Wipe parameters="
                    + "{\"disk\":3}";
            assertEquals(line + "\n", admin(List.of(), socket, "list").assertSuccess().stdout());
            ChildJvm.Result refused = admin(List.of("setpriv", "--reuid=" + user.name,
                    "--regid=" + user.name, "--clear-groups"), socket, "approve", id);
            assertEquals(1, refused.exitCode(), refused.toString());
            assertEquals(HelperErrors.NOT_AUTHORIZED + "\n", refused.stderr());
            assertEquals("approved " + id + "\n", admin(List.of(), socket, "approve", id)
                    .assertSuccess().stdout());
            assertEquals(line + " decided\n", admin(List.of(), socket, "list").assertSuccess()
                    .stdout());
            assertEquals(HelperErrors.UNKNOWN_REQUEST + "\n", admin(List.of(), socket, "deny", id)
                    .stderr());
            Reply done = service.handle(peer(1000, 1000), "org.caps4j.helper.Collect",
                    JsonNodeFactory.instance.objectNode().put("id", id));
            assertNull(done.error());
            assertEquals(3, done.parameters().get("wiped").asInt());
            assertEquals(2, admin(List.of(), socket, "approve").exitCode(), "usage");
        }
    }

    private static ChildJvm.Result admin(List<String> prefix, Path socket, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(ChildJvm.javaCommand(Path.of("examples/helper/HelperAdmin.java")
                .toAbsolutePath().toString()));
        command.add(socket.toString());
        command.addAll(List.of(args));
        return ChildJvm.exec(command);
    }

    /**
     * jdk.net.ExtendedSocketOptions.SO_PEERCRED, by reflection: the test classes are compiled
     * into module org.caps4j, which does not read jdk.net.
     */
    private static final SocketOption<Object> PEERCRED = peercred();

    @SuppressWarnings("unchecked")
    private static SocketOption<Object> peercred() {
        try {
            return (SocketOption<Object>) Class.forName("jdk.net.ExtendedSocketOptions")
                    .getField("SO_PEERCRED").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** One request per connection: read to NUL, answer with the peer's kernel credentials. */
    private static void serve(ServerSocketChannel server, HelperService service) {
        while (server.isOpen()) {
            try (SocketChannel channel = server.accept()) {
                Object who = channel.getOption(PEERCRED);
                UserPrincipal user = (UserPrincipal) who.getClass().getMethod("user").invoke(who);
                GroupPrincipal group = (GroupPrincipal) who.getClass().getMethod("group")
                        .invoke(who);
                int uid = id("-u", user.getName());
                int gid = Integer.parseInt(ChildJvm.exec(List.of("getent", "group",
                        group.getName())).stdout().split(":")[2]);
                ObjectNode request = (ObjectNode) JSON.readTree(readToNul(channel));
                ObjectNode parameters = request.has("parameters")
                        ? (ObjectNode) request.get("parameters") : JSON.createObjectNode();
                Reply reply = service.handle(peer(uid, gid), request.get("method").asText(),
                        parameters);
                ObjectNode out = JSON.createObjectNode();
                if (reply.isError()) {
                    out.put("error", reply.error());
                }
                out.set("parameters", reply.parameters());
                byte[] bytes = JSON.writeValueAsBytes(out);
                ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 0)
                        .flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                return; // closed at the end of the test
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static int id(String flag, String name) {
        return Integer.parseInt(ChildJvm.exec(List.of("id", flag, name)).stdout().strip());
    }

    private static byte[] readToNul(SocketChannel channel) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("closed before NUL");
            }
            byte b = one.get(0);
            if (b == 0) {
                return bytes.toByteArray();
            }
            bytes.write(b);
        }
    }
}
