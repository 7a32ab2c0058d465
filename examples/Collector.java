/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Collector: the least-privilege version of a device-monitoring agent whose plugins all ran as
 * root. Run as root, it runs three probes, each as a child started by Launcher as `nobody`
 * (uid/gid 65534, no groups) with only the one capability it needs, as ambient; none runs as
 * root, none holds anything else, and the JVM itself changes nothing:
 *
 *   secret-file  cat FILE (a root-only 0600 file)   cap_dac_read_search
 *   dmesg        dmesg (kernel.dmesg_restrict = 1)  cap_syslog
 *   ping         ping -c1 127.0.0.1 (raw socket)    cap_net_raw
 *
 *   java --enable-native-access=ALL-UNNAMED -cp target/caps4j.jar examples/Collector.java FILE [--without-caps]
 *
 * ping ships with file capabilities (Debian: cap_net_raw=ep), and the kernel clears the ambient
 * set when it executes such a program, so Launcher refuses to give it ambient ones. The example
 * runs a copy instead (a copy has no security.capability xattr), made executable by nobody.
 * Each child first reports its uid and effective set from /proc/$$/status (a two-line sh
 * preamble that then execs the probe in the same process).
 *
 * With --without-caps the same children are launched with an empty IAB (still nobody): every
 * probe fails, which shows each capability is needed. Prints a JSON report, one probe a line.
 * Expected output (dmesg's line count and ping's wording vary):
 *
 *   {"probes": [
 *     {"name": "secret-file", "capability": "cap_dac_read_search", "exit": 0, "uid": 65534, "effective": "cap_dac_read_search", "result": "the-secret"},
 *     {"name": "dmesg", "capability": "cap_syslog", "exit": 0, "uid": 65534, "effective": "cap_syslog", "result": "812 lines"},
 *     {"name": "ping", "capability": "cap_net_raw", "exit": 0, "uid": 65534, "effective": "cap_net_raw", "result": "1 packets transmitted, 1 received, 0% packet loss"}
 *   ]}
 *
 * and with --without-caps: exits 1, 1 and 2, "effective": "", and each result is the probe's
 * last error line, e.g. "cat: FILE: Permission denied".
 */
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.FileCaps;
import org.caps4j.Iab;
import org.caps4j.Launcher;

public class Collector {
    /** One plugin: what it runs and the single capability it needs. */
    record Probe(String name, Capability capability, List<String> command) {}

    /** Prints the shell's own uid and CapEff (the pid that then execs the probe), then execs it. */
    private static final List<String> PREAMBLE = List.of("/bin/sh", "-c",
            "while read -r k v _; do case $k in Uid:|CapEff:) echo \"$k $v\";; esac; done < /proc/$$/status\n"
                    + "exec \"$@\"", "probe");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean withoutCaps = args.length > 1 && args[1].equals("--without-caps");
        Path ping = copyWithoutFileCaps(Path.of("/usr/bin/ping"));
        try {
            List<Probe> probes = List.of(
                    new Probe("secret-file", Capability.DAC_READ_SEARCH, List.of("cat", file.toString())),
                    new Probe("dmesg", Capability.SYSLOG, List.of("dmesg")),
                    new Probe("ping", Capability.NET_RAW, List.of(ping.toString(), "-c1", "127.0.0.1")));
            List<String> report = new ArrayList<>();
            for (Probe probe : probes) {
                report.add(run(probe, withoutCaps));
            }
            System.out.println("{\"probes\": [\n  " + String.join(",\n  ", report) + "\n]}");
        } finally {
            Files.delete(ping);
            Files.delete(ping.getParent());
        }
    }

    private static String run(Probe probe, boolean withoutCaps) throws Exception {
        List<String> command = new ArrayList<>(PREAMBLE);
        command.addAll(probe.command());
        // snippet:collector-launch
        Iab iab = withoutCaps ? Iab.empty() : Iab.parse("^" + probe.capability()); // e.g. ^cap_syslog
        Process child = Launcher.of(new ProcessBuilder(command))
                .iab(iab)                  // inheritable + ambient: just this one capability
                .user(65534, 65534)        // nobody, no supplementary groups
                .noNewPrivs(true)
                .start();
        // end-snippet
        child.getOutputStream().close();
        List<String> out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        List<String> err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        int exit = child.waitFor();
        String uid = value(out, "Uid:");
        String effective = CapabilitySet.fromMask(Long.parseUnsignedLong(value(out, "CapEff:"), 16)).toString();
        List<String> output = out.subList(2, out.size());
        String result = exit != 0 ? (err.isEmpty() ? "" : err.getLast()) : switch (probe.name()) {
            case "secret-file" -> output.isEmpty() ? "" : output.getFirst();
            case "dmesg" -> output.size() + " lines";
            default -> output.stream().filter(l -> l.contains(" received")).findFirst()
                    .map(l -> l.replaceFirst(", time .*", "")).orElse("no statistics line");
        };
        return "{\"name\": " + json(probe.name()) + ", \"capability\": " + json(probe.capability().toString())
                + ", \"exit\": " + exit + ", \"uid\": " + uid + ", \"effective\": " + json(effective)
                + ", \"result\": " + json(result) + "}";
    }

    /** The value of the preamble's line {@code key value} (the first two lines of stdout). */
    private static String value(List<String> out, String key) {
        return out.stream().limit(2).filter(l -> l.startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("child reported no " + key + ": " + out))
                .substring(key.length() + 1);
    }

    /** A copy of {@code program} without its file capabilities, executable by nobody. */
    private static Path copyWithoutFileCaps(Path program) throws IOException {
        Path dir = Files.createTempDirectory("caps4j-collector",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path copy = dir.resolve(program.getFileName());
        Files.copy(program, copy); // copies the bytes, not the security.capability xattr
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (FileCaps.read(copy).isPresent()) {
            throw new IllegalStateException(copy + " kept file capabilities: " + FileCaps.read(copy).get());
        }
        return copy;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
