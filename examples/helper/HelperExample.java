/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * HelperExample: a least-privilege helper with two declared operations, each run with exactly
 * its capability, in a process that rests as an unprivileged service user holding the union of
 * those capabilities in its permitted set only (nothing effective on any thread).
 *
 *   ReadLog {"file": PATH}     cap_dac_read_search   a file under LOGDIR (root-only files too)
 *   CheckLowPort {"port": N}   cap_net_bind_service  can 127.0.0.1:N (1..1023) be bound?
 *
 * Started as root it becomes USER itself; started by systemd as USER with
 * AmbientCapabilities=CAP_DAC_READ_SEARCH CAP_NET_BIND_SERVICE (caps4j-helper-example.service)
 * it clears the ambient set and keeps the union permitted:
 *
 *   java --enable-native-access=ALL-UNNAMED -cp caps4j.jar:jackson-databind.jar:jackson-core.jar:jackson-annotations.jar \
 *       examples/helper/HelperExample.java USER LOGDIR
 *
 * The socket transport (HelperServer) is built on another branch; until it is merged this
 * example calls the handler in-process, as the transport will for each request, with a client
 * of uid 0 (allowed), then with one of uid 4242 (refused), and prints each reply:
 *
 *   service state: uid 998, every thread E = {}, P = cap_dac_read_search,cap_net_bind_service
 *   ReadLog {"file":"app.log"} -> {"text":"the-log\n"}
 *   ReadLog {"file":"../../etc/shadow"} -> org.varlink.service.InvalidParameter {"parameter":"file"}
 *   CheckLowPort {"port":1} -> {"bindable":true}
 *   ReadLog as uid 4242 -> org.caps4j.helper.NotAuthorized {}
 */
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.ThreadCensus;
import org.caps4j.helper.HelperService;
import org.caps4j.helper.Operation;
import org.caps4j.helper.Parameter;
import org.caps4j.helper.Peer;
import org.caps4j.helper.PeerCredentials;
import org.caps4j.helper.Reply;

public class HelperExample {
    public static void main(String[] args) throws Exception {
        String[] account = passwdEntry(args[0]);
        int uid = Integer.parseInt(account[2]);
        int gid = Integer.parseInt(account[3]);
        Path logs = Path.of(args[1]);

        HelperService service = HelperService.builder("org.caps4j.example.Helper")
                .operation(Operation.named("ReadLog")
                        .parameter(Parameter.path("file", logs))
                        .capabilities(CapabilitySet.of(Capability.DAC_READ_SEARCH))
                        .allowUsers(0).allowGroups(4) // root, and group adm as on Debian
                        .body(a -> {
                            try (InputStream in = Files.newInputStream(a.path("file"),
                                    LinkOption.NOFOLLOW_LINKS)) {
                                return JsonNodeFactory.instance.objectNode().put("text",
                                        new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                            }
                        }).build())
                .operation(Operation.named("CheckLowPort")
                        .parameter(Parameter.integer("port", 1, 1023))
                        .capabilities(CapabilitySet.of(Capability.NET_BIND_SERVICE))
                        .allowUsers(0).allowGroups(4)
                        .body(a -> {
                            try (ServerSocket socket = new ServerSocket()) {
                                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                                        (int) a.integer("port")));
                                return JsonNodeFactory.instance.objectNode().put("bindable", true);
                            } catch (java.net.BindException e) {
                                if (!String.valueOf(e.getMessage()).contains("in use")) {
                                    throw e; // e.g. Permission denied: not for the client to see
                                }
                                return JsonNodeFactory.instance.objectNode().put("bindable", false);
                            }
                        }).build())
                .build();
        service.enterServiceState(uid, gid);
        ThreadCensus census = ThreadCensus.take();
        System.out.println("service state: uid " + census.majority().uids().effective()
                + ", every thread E = " + (census.tasks().stream().allMatch(t -> t.caps()
                        .effective().isEmpty()) ? "{}" : "NOT EMPTY") + ", P = "
                + census.majority().caps().permitted());

        Peer root = peer(new PeerCredentials(0, 0, 1, new int[0]));
        call(service, root, "ReadLog", "file", "app.log");
        call(service, root, "ReadLog", "file", "../../etc/shadow");
        ObjectNode port = JsonNodeFactory.instance.objectNode().put("port", 1);
        print("CheckLowPort " + port, service.handle(root, "org.caps4j.example.Helper.CheckLowPort",
                port));
        Peer stranger = peer(new PeerCredentials(4242, 4242, 2, new int[0]));
        print("ReadLog as uid 4242", service.handle(stranger, "org.caps4j.example.Helper.ReadLog",
                JsonNodeFactory.instance.objectNode().put("file", "app.log")));
        service.close();
    }

    private static void call(HelperService service, Peer peer, String op, String key, String value) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put(key, value);
        print(op + " " + params, service.handle(peer, "org.caps4j.example.Helper." + op, params));
    }

    private static void print(String request, Reply reply) {
        System.out.println(request + " -> " + (reply.isError() ? reply.error() + " " : "")
                + reply.parameters());
    }

    /** A peer as the transport would build it; this one never changes. */
    private static Peer peer(PeerCredentials credentials) {
        return new Peer() {
            @Override
            public PeerCredentials atConnect() {
                return credentials;
            }

            @Override
            public PeerCredentials now() {
                return credentials;
            }
        };
    }

    private static String[] passwdEntry(String user) throws Exception {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields[0].equals(user)) {
                return fields;
            }
        }
        throw new IllegalArgumentException("no user " + user + " in /etc/passwd");
    }
}
