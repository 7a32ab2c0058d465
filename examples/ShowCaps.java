/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * ShowCaps: what `getpcaps` prints, from Java, plus what getpcaps cannot show: every thread.
 *
 * Run as anyone (no capability needed, it only reads):
 *   java --enable-native-access=ALL-UNNAMED -cp target/caps4j.jar examples/ShowCaps.java [PID...]
 *
 * The first line is the JVM's own E/P/I in libcap's text, exactly as `getpcaps <its pid>` and
 * the `Current:` line of `capsh --print` show them; then one such line per PID given (the same
 * text `getpcaps PID` prints, read from /proc/PID/status); then the JVM's IAB triple as
 * `getpcaps --iab` writes it and a census of all its threads. Expected output as root on a
 * kernel whose bounding set lacks cap_sys_resource (pids and thread counts vary):
 *
 *   4711: =ep cap_sys_resource-ep
 *   iab: !cap_sys_resource
 *   census: 19 threads, all identical: Uid 0 0 0 0, Gid 0 0 0 0, CapInh 0000000000000000, ...
 *
 * and as nobody with ambient cap_net_raw (setpriv ... --ambient-caps=+net_raw):
 *
 *   4712: cap_net_raw=eip
 *   iab: ^cap_net_raw
 *   census: 19 threads, all identical: Uid 65534 65534 65534 65534, ...
 */
import org.caps4j.Caps;
import org.caps4j.Iab;
import org.caps4j.ThreadCensus;

public class ShowCaps {
    public static void main(String[] args) {
        // snippet:show-caps
        long self = ProcessHandle.current().pid();
        System.out.println(self + ": " + Caps.fromProcess());        // getpcaps <self>
        for (String pid : args) {
            System.out.println(pid + ": " + Caps.fromPid(Long.parseLong(pid))); // getpcaps PID
        }
        System.out.println("iab: " + Iab.fromProcess());              // inheritable, ^ambient, !blocked
        System.out.println("census: " + ThreadCensus.take());         // every thread, from /proc
        // end-snippet
    }
}
