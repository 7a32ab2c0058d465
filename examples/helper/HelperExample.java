/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * HelperExample: a least-privilege helper serving three declared operations over a Varlink
 * socket, each run with exactly its capability, in a process that rests as an unprivileged
 * service user holding the union of those capabilities in its permitted set only.
 *
 *   ReadLog {"file": PATH}      cap_dac_read_search  a file under LOGDIR (root-only ones too);
 *                                                     high risk: the caller is re-checked
 *   CheckLowPort {"port": N}    cap_net_bind_service can 127.0.0.1:N (1..1023) be bound?
 *   TruncateLog {"file": PATH}  cap_dac_override     empties a file under LOGDIR, once an
 *                                                     approver has approved (HelperAdmin.java)
 *
 * Callers: root and the group adm (-Dhelper.group=NAME); approvers: the group sudo
 * (-Dhelper.approvers=NAME). Started by systemd (caps4j-helper-example.socket/.service) it
 * serves the socket systemd passed; otherwise it creates SOCKET (default
 * /run/caps4j-helper-example/socket) with mode 0660 for the callers' group, or for a wider
 * one (-Dhelper.socketGroup=users: every local user may connect, the helper decides per
 * operation), in a directory that must be root-owned and not group/other-writable:
 *
 *   java --enable-native-access=ALL-UNNAMED -cp caps4j.jar:jackson-databind.jar:... \
 *       examples/helper/HelperExample.java USER LOGDIR [SOCKET]
 *
 * It prints one line, then one audit line per request, and serves until it is killed:
 *
 *   listening on /run/caps4j-helper-example/socket (mode 0660, group adm) as uid 998,
 *   every thread E = {}, P = cap_dac_override,cap_dac_read_search,cap_net_bind_service
 *
 * (one line). The order: bind first (binding in a root-owned directory and giving the socket
 * to group adm need root), then enterServiceState (every thread of the process, verified),
 * then serve, so that no call runs before the process rests in its service state.
 */
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.ThreadCensus;
import org.caps4j.helper.HelperServer;
import org.caps4j.helper.HelperService;
import org.caps4j.helper.Operation;
import org.caps4j.helper.Parameter;

public class HelperExample {
    public static void main(String[] args) throws Exception {
        String[] account = entry("/etc/passwd", args[0]);
        int uid = Integer.parseInt(account[2]);
        int gid = Integer.parseInt(account[3]);
        Path logs = Path.of(args[1]);
        String clientGroup = System.getProperty("helper.group", "adm");
        int clients = Integer.parseInt(entry("/etc/group", clientGroup)[2]);
        String socketGroup = System.getProperty("helper.socketGroup", clientGroup);
        int approvers = Integer.parseInt(entry("/etc/group",
                System.getProperty("helper.approvers", "sudo"))[2]);

        HelperService service = HelperService.builder("org.caps4j.example.Helper")
                .operation(Operation.named("ReadLog")
                        .parameter(Parameter.path("file", logs))
                        .capabilities(CapabilitySet.of(Capability.DAC_READ_SEARCH))
                        .allowUsers(0).allowGroups(clients)
                        .highRisk() // root-only logs hold secrets: judge the caller as it is now
                        .body(a -> {
                            try (InputStream in = Files.newInputStream(a.path("file"),
                                    LinkOption.NOFOLLOW_LINKS)) {
                                byte[] text = in.readNBytes(64 * 1024);
                                return JsonNodeFactory.instance.objectNode().put("text",
                                        new String(text, StandardCharsets.UTF_8));
                            }
                        }).build())
                .operation(Operation.named("CheckLowPort")
                        .parameter(Parameter.integer("port", 1, 1023))
                        .capabilities(CapabilitySet.of(Capability.NET_BIND_SERVICE))
                        .allowUsers(0).allowGroups(clients)
                        .body(a -> checkLowPort((int) a.integer("port"))).build())
                .operation(Operation.named("TruncateLog")
                        .parameter(Parameter.path("file", logs))
                        .capabilities(CapabilitySet.of(Capability.DAC_OVERRIDE))
                        .allowUsers(0).allowGroups(clients)
                        .needsApproval()
                        .body(a -> {
                            try (OutputStream out = Files.newOutputStream(a.path("file"),
                                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                                    LinkOption.NOFOLLOW_LINKS)) {
                                return JsonNodeFactory.instance.objectNode();
                            }
                        }).build())
                .approvers(approvers)
                .auditTo(HelperExample::say) // stdout: the journal under systemd
                .build();

        // As root: bind in the root-owned directory and hand the socket to its group.
        Path socket = Path.of(args.length > 2 ? args[2] : "/run/caps4j-helper-example/socket");
        HelperServer server = HelperServer.builder(service).socketPath(socket)
                .socketMode(0660).socketGroup(Integer.parseInt(entry("/etc/group", socketGroup)[2]))
                .info("caps4j helper example", "1", "https://github.com/caps4j/caps4j")
                .bind();
        // Then every thread rests as the service user, and only then are calls accepted: a
        // client that connected meanwhile (socket activation: the one that started us) waits.
        service.enterServiceState(uid, gid);
        server.serve();
        ThreadCensus census = ThreadCensus.take();
        say("listening on " + server.socketPath().map(p -> p + " (mode 0660, group "
                + socketGroup + ")").orElse("the socket systemd passed") + " as uid "
                + census.majority().uids().effective() + ", every thread E = "
                + (census.tasks().stream().allMatch(t -> t.caps().effective().isEmpty())
                        ? "{}" : "NOT EMPTY") + ", P = " + census.majority().caps().permitted());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // the socket file stays: the next start refuses it until removed
            service.close();
        }));
        new CountDownLatch(1).await(); // serve until killed
    }

    private static ObjectNode checkLowPort(int port) throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return JsonNodeFactory.instance.objectNode().put("bindable", true);
        } catch (java.net.BindException e) {
            if (!String.valueOf(e.getMessage()).contains("in use")) {
                throw e; // e.g. Permission denied: not for the client to see
            }
            return JsonNodeFactory.instance.objectNode().put("bindable", false);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The fields of the line of /etc/passwd or /etc/group whose first field is {@code name}. */
    private static String[] entry(String file, String name) throws Exception {
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] fields = line.split(":");
            if (fields[0].equals(name)) {
                return fields;
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + file);
    }
}
