/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * HelperAdmin: decides on a helper's pending requests over its Varlink socket (JSON messages
 * ended by a NUL byte). The helper decides who is an administrator from this process's
 * credentials (SO_PEERCRED): run it as a member of one of the helper's approver groups.
 *
 *   java -cp jackson-databind.jar:jackson-core.jar:jackson-annotations.jar \
 *       examples/helper/HelperAdmin.java SOCKET list|approve ID|deny ID
 *
 * Prints, for list, one line per waiting request:
 *
 *   0f3c...e1 uid=1000 method=org.caps4j.example.Helper.Wipe parameters={"disk":3}
 *
 * (with " decided" once approved or denied), and for approve/deny "approved ID" or
 * "denied ID". An error reply prints its name on stderr and exits 1; bad arguments exit 2.
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

public class HelperAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPLY = 1 << 20;

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[1].equals("list") && args.length == 2
                || (args[1].equals("approve") || args[1].equals("deny")) && args.length == 3)) {
            System.err.println("usage: HelperAdmin SOCKET list|approve ID|deny ID");
            System.exit(2);
        }
        ObjectNode request = JSON.createObjectNode();
        ObjectNode parameters = request.put("method", "org.caps4j.helper."
                + switch (args[1]) {
                    case "list" -> "ListPending";
                    case "approve" -> "Approve";
                    default -> "Deny";
                }).putObject("parameters");
        if (args.length == 3) {
            parameters.put("id", args[2]);
        }
        JsonNode reply = call(Path.of(args[0]), request);
        if (reply.hasNonNull("error")) {
            System.err.println(reply.get("error").asText());
            System.exit(1);
        }
        if (args[1].equals("list")) {
            for (JsonNode item : reply.path("parameters").path("requests")) {
                System.out.println(item.path("id").asText() + " uid=" + item.path("uid").asText()
                        + " method=" + item.path("method").asText() + " parameters="
                        + JSON.writeValueAsString(item.path("parameters"))
                        + (item.path("decided").asBoolean() ? " decided" : ""));
            }
        } else {
            System.out.println((args[1].equals("approve") ? "approved " : "denied ") + args[2]);
        }
    }

    /** One request, one reply: each a JSON object followed by a NUL byte. */
    private static JsonNode call(Path socket, ObjectNode request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] body = JSON.writeValueAsBytes(request);
            ByteBuffer out = ByteBuffer.allocate(body.length + 1).put(body).put((byte) 0).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (true) {
                in.clear();
                if (channel.read(in) < 0) {
                    throw new IOException("the helper closed the connection without a reply");
                }
                in.flip();
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == 0) {
                        return JSON.readTree(reply.toByteArray());
                    }
                    reply.write(b);
                    if (reply.size() > MAX_REPLY) {
                        throw new IOException("reply larger than " + MAX_REPLY + " bytes");
                    }
                }
            }
        }
    }
}
