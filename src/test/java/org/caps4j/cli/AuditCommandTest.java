/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code caps4j audit} against {@code getcap -r} on a tree built here (as root: setcap on
 * copies of /bin/true): the same files with the same text, as root and as nobody, plus the
 * findings, symbolic links that are never followed and an unreadable directory.
 */
class AuditCommandTest {
    private static Path tree;
    private static Path outside;

    @BeforeAll
    static void buildTree() throws Exception {
        Privileged.requireRoot();
        Path setcap = Privileged.requireTool("setcap");
        Path scratch = TestScratch.directory("caps4j-audit-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        tree = Files.createDirectories(scratch.resolve("tree"));
        outside = Files.createDirectories(scratch.resolve("outside"));
        for (Path dir : List.of(tree.resolve("sub/deep"), tree.resolve("locked"),
                tree.resolve("open"))) {
            Files.createDirectories(dir);
        }
        caps(setcap, outside.resolve("elsewhere"), "cap_net_raw+ep");
        caps(setcap, tree.resolve("net"), "cap_net_raw+ep");
        caps(setcap, tree.resolve("sub/uid"), "cap_setuid+ep");
        caps(setcap, tree.resolve("sub/deep/pi"), "cap_chown,cap_kill=p cap_net_admin+i");
        caps(setcap, tree.resolve("ns"), "-n", "1000", "cap_sys_admin+ep");
        caps(setcap, tree.resolve("locked/hidden"), "cap_net_raw+ep");
        Path setuid = tree.resolve("open/w");
        Files.copy(Path.of("/bin/true"), setuid);
        Files.setAttribute(setuid, "unix:mode", 04755);
        ChildJvm.exec(List.of(setcap.toString(), "cap_kill+ep", setuid.toString()))
                .assertSuccess();
        Path owned = tree.resolve("owned");
        Files.copy(Path.of("/bin/true"), owned);
        Files.setAttribute(owned, "unix:uid", 65534); // before setcap: chown clears file caps
        Files.setAttribute(owned, "unix:mode", 0555);
        ChildJvm.exec(List.of(setcap.toString(), "cap_net_raw+ep", owned.toString()))
                .assertSuccess();
        Path setgid = tree.resolve("sub/both");
        Files.copy(Path.of("/bin/true"), setgid);
        Files.setAttribute(setgid, "unix:mode", 06711);
        ChildJvm.exec(List.of(setcap.toString(), "cap_net_bind_service+ep", setgid.toString()))
                .assertSuccess();
        Files.copy(Path.of("/bin/true"), tree.resolve("plain"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("net"));
        Files.createSymbolicLink(tree.resolve("loop"), Path.of("."));
        Files.createSymbolicLink(tree.resolve("out"), outside);
        Files.setPosixFilePermissions(tree.resolve("open"),
                PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(tree.resolve("locked"),
                PosixFilePermissions.fromString("---------"));
    }

    private static void caps(Path setcap, Path file, String... args) throws Exception {
        Files.copy(Path.of("/bin/true"), file, StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(setcap.toString()));
        command.addAll(List.of(args));
        command.add(file.toString());
        ChildJvm.exec(command).assertSuccess();
    }

    private static List<String> getcap(List<String> prefix, String operand) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Privileged.requireTool("getcap").toString(), "-r", operand));
        return ChildJvm.exec(command).assertSuccess().stdout().lines().sorted().toList();
    }

    /** The getcap-format lines of audit's output, without the indented findings. */
    private static List<String> fileLines(String stdout) {
        return stdout.lines().filter(l -> !l.startsWith("    ")).sorted().toList();
    }

    @Test
    void listsTheSameFilesWithTheSameTextAsGetcap() {
        for (String operand : List.of(tree.toString(), tree + "/", tree + "/sub")) {
            Cli cli = Cli.run("audit", operand);
            assertEquals(getcap(List.of(), operand), fileLines(cli.stdout()), cli.toString());
            assertEquals("", cli.stderr(), operand);
        }
        assertEquals(8, fileLines(Cli.run("audit", tree.toString()).stdout()).size());
    }

    @Test
    void flagsWhatAmountsToRootSetIdWritableAndNamespaceCaps() {
        Cli cli = Cli.run("audit", tree.toString());
        assertEquals(1, cli.exitCode(), cli.toString());
        List<String> lines = cli.stdout().lines().toList();
        assertEquals(List.of(
                tree + "/open/w cap_kill=ep",
                "    setid     also set-user-ID (mode 4755, owner uid 0)",
                "    writable  directory " + tree + "/open is writable by everyone, who can"
                        + " replace w"), block(lines, tree + "/open/w "));
        assertEquals(List.of(
                tree + "/sub/uid cap_setuid=ep",
                "    root      cap_setuid amounts to root (caps4j explain cap_setuid)"),
                block(lines, tree + "/sub/uid "));
        assertEquals(List.of(
                tree + "/ns cap_sys_admin=ep",
                "    v3        capabilities for the user namespace whose root is uid 1000; "
                        + "they grant nothing outside it",
                "    root      cap_sys_admin amounts to root in that user namespace (caps4j "
                        + "explain cap_sys_admin)"), block(lines, tree + "/ns "));
        assertEquals(List.of(tree + "/net cap_net_raw=ep"), block(lines, tree + "/net "));
        assertEquals(List.of(
                tree + "/owned cap_net_raw=ep",
                "    writable  the file is writable by owner uid 65534"),
                block(lines, tree + "/owned "));
        assertEquals(List.of(
                tree + "/sub/both cap_net_bind_service=ep",
                "    setid     also set-user-ID and set-group-ID (mode 6711, owner uid 0)"),
                block(lines, tree + "/sub/both "));
        assertEquals(List.of(
                tree + "/sub/deep/pi cap_net_admin=i cap_chown,cap_kill+p",
                "    root      cap_chown,cap_net_admin amount to root (caps4j explain "
                        + "cap_chown cap_net_admin)"), block(lines, tree + "/sub/deep/pi "));
        Cli clean = Cli.run("audit", tree.resolve("net").toString());
        assertEquals(0, clean.exitCode(), clean.toString());
        assertEquals(tree + "/net cap_net_raw=ep\n", clean.stdout());
    }

    private static List<String> block(List<String> lines, String start) {
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith(start)) {
            i++;
        }
        assertTrue(i < lines.size(), start + " in\n" + String.join("\n", lines));
        List<String> block = new ArrayList<>(List.of(lines.get(i)));
        for (i++; i < lines.size() && lines.get(i).startsWith("    "); i++) {
            block.add(lines.get(i));
        }
        return block;
    }

    @Test
    void neverFollowsSymbolicLinks() {
        Cli cli = Cli.run("audit", tree.toString(), tree.resolve("link").toString(),
                tree.resolve("out").toString(), tree.resolve("loop").toString());
        assertTrue(cli.stdout().lines().noneMatch(l -> l.contains("/link") || l.contains("/out")
                || l.contains("/loop") || l.contains("elsewhere")), cli.toString());
        assertEquals("", cli.stderr());
        for (String link : List.of("link", "out", "loop")) {
            String operand = tree.resolve(link).toString();
            assertEquals(getcap(List.of(), operand), fileLines(Cli.run("audit", operand)
                    .stdout()), link);
        }
    }

    @Test
    void printsPathsAsGetcapBuildsThem() {
        assertEquals("/", AuditCommand.prefix("/"));
        assertEquals("/", AuditCommand.prefix("//"));
        assertEquals("tree", AuditCommand.prefix("tree//"));
        assertEquals(".", AuditCommand.prefix("."));
        assertEquals("/usr/bin/ping", AuditCommand.shown("/", Path.of("/"),
                Path.of("/usr/bin/ping")));
        assertEquals("./a/b", AuditCommand.shown(".", Path.of("."), Path.of("./a/b")));
        assertEquals("x", AuditCommand.shown("x", Path.of("x"), Path.of("x")));
    }

    @Test
    void missingPathIsReportedAndTheWalkGoesOn() {
        Cli cli = Cli.run("audit", tree + "/nonexistent", tree.resolve("net").toString());
        assertEquals(1, cli.exitCode(), cli.toString());
        assertEquals(tree + "/net cap_net_raw=ep\n", cli.stdout());
        assertEquals("caps4j audit: " + tree + "/nonexistent: No such file or directory\n",
                cli.stderr());
    }

    /** As nobody the locked directory cannot be read: reported, and the rest still listed. */
    @Test
    void unreadableDirectoryIsReportedNotFatal() {
        List<String> nobody = List.of(Privileged.requireTool("setpriv").toString(),
                "--reuid=65534", "--regid=65534", "--clear-groups");
        ChildJvm.Result result = ChildJvm.run(nobody, Main.class, "audit", tree.toString());
        assertEquals(1, result.exitCode(), result.stderr());
        List<String> theirs = getcap(nobody, tree.toString());
        assertEquals(theirs, fileLines(result.stdout()), result.stderr());
        assertTrue(theirs.stream().noneMatch(l -> l.contains("hidden")), theirs.toString());
        assertEquals(7, theirs.size(), theirs.toString());
        assertEquals("caps4j audit: " + tree + "/locked: Permission denied\n", result.stderr());
    }

    /**
     * On a terminal (script(1) gives the child JVM one) a progress line is drawn on stderr and
     * erased before each result line; in a pipe (every other test here, and below) nothing.
     */
    @Test
    void progressLineOnlyOnATerminal() {
        List<String> java = ChildJvm.javaCommand(Main.class.getName());
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("audit", tree.toString()));
        String shell = String.join(" ", command.stream().map(ExportCommand::shellWord).toList());
        ChildJvm.Result onTerminal = ChildJvm.exec(List.of(
                Privileged.requireTool("script").toString(), "-qec", shell, "/dev/null"));
        String erase = "\r\u001b[K";
        assertTrue(onTerminal.stdout().contains(erase + "audit: 0 files in 1 directories, now "),
                onTerminal.stdout());
        assertTrue(onTerminal.stdout().lines().filter(l -> l.startsWith("\u001b[Kaudit: "))
                .allMatch(l -> l.length() <= "\u001b[K".length() + 79), onTerminal.stdout());
        assertTrue(onTerminal.stdout().contains(erase + tree + "/net cap_net_raw=ep\r\n"),
                onTerminal.stdout());
        ChildJvm.Result inPipe = ChildJvm.exec(command);
        assertTrue(!inPipe.stdout().contains("\u001b") && !inPipe.stderr().contains("\u001b")
                && !inPipe.stderr().contains("audit: "), inPipe.toString());
        assertEquals(getcap(List.of(), tree.toString()), fileLines(inPipe.stdout()));
    }

    @Test
    void jsonListsFilesFindingsAndErrors() throws Exception {
        Path jq = Privileged.requireTool("jq");
        Cli cli = Cli.run("audit", "--json", tree.toString(), tree + "/nonexistent");
        assertEquals(1, cli.exitCode(), cli.toString());
        Path file = TestScratch.file("caps4j-audit-", ".json");
        Files.writeString(file, cli.stdout());
        assertEquals(List.of(
                "errors " + tree + "/nonexistent No such file or directory",
                "file " + tree + "/ns cap_sys_admin=ep v3 1000 v3,root",
                "file " + tree + "/sub/uid cap_setuid=ep v2 null root"),
                ChildJvm.exec(List.of(jq.toString(), "-r", "(.files[] | select(.path | test("
                        + "\"/(ns|sub/uid)$\")) | \"file \\(.path) \\(.caps) \\(.revision) "
                        + "\\(.root_uid) \\([.findings[].kind] | join(\",\"))\"), (.errors[] | "
                        + "\"errors \\(.path) \\(.error)\")", file.toString()))
                        .assertSuccess().stdout().lines().sorted().toList());
    }
}
