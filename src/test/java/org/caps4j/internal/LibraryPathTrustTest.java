/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tier 3, issue 9 item 1: a library file named by {@code -Dcaps4j.library.path} or found on
 * {@code java.library.path} is loaded into a privileged JVM (root here) only if no non-root user
 * can change it; an unprivileged JVM (nobody, no capability) loads it as before. Each case is a
 * child JVM loading a real copy of the shim from a real directory under {@code target/}.
 */
class LibraryPathTrustTest {
    private static Path root;
    private static final Path SHIM = Path.of("target", "native", "libcaps4j.so").toAbsolutePath();
    private static UserPrincipal nobody;

    @BeforeAll
    static void layOut() throws Exception {
        Privileged.requireRoot();
        root = LoaderFixture.freshDirectory("library-trust");
        nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        shimIn("root-dir", 0755);
        Files.setOwner(shimIn("nobody-dir", 0755).getParent(), nobody);
        shimIn("group-writable-dir", 0775);
        shimIn("world-writable-dir", 0777);
        shimIn("sticky-dir", 01777);
        Files.setOwner(shimIn("nobody-file", 0755), nobody);
        Path linkDir = Files.createDirectory(root.resolve("links"));
        Files.createSymbolicLink(linkDir.resolve("to-nobody-dir.so"), root.resolve("nobody-dir/libcaps4j.so"));
        Path nobodyLinks = Files.createDirectory(root.resolve("nobody-links"));
        Files.createSymbolicLink(nobodyLinks.resolve("to-root-dir.so"), root.resolve("root-dir/libcaps4j.so"));
        Files.setOwner(nobodyLinks, nobody);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (root != null) {
            LoaderFixture.deleteTree(root);
        }
    }

    @Test
    void rootOwnedFileInRootOnlyDirectoriesIsLoadedByAPrivilegedJvm() {
        String out = asRoot("root-dir/libcaps4j.so");
        assertLoadedFrom(root.resolve("root-dir/libcaps4j.so"), out);
    }

    @Test
    void directoryOwnedByAnotherUserIsRefused() {
        assertRefused(asRoot("nobody-dir/libcaps4j.so"), root.resolve("nobody-dir")
                + " is owned by uid 65534, not root");
    }

    @Test
    void groupOrWorldWritableDirectoryIsRefused() {
        assertRefused(asRoot("group-writable-dir/libcaps4j.so"), root.resolve("group-writable-dir")
                + " is writable by group or others (mode 0775)");
        assertRefused(asRoot("world-writable-dir/libcaps4j.so"), root.resolve("world-writable-dir")
                + " is writable by group or others (mode 0777)");
    }

    @Test
    void stickyWorldWritableDirectoryWithARootOwnedFileIsAccepted() {
        // Like /tmp: only root (the owner of file and directory) may rename or delete the file.
        assertLoadedFrom(root.resolve("sticky-dir/libcaps4j.so"), asRoot("sticky-dir/libcaps4j.so"));
    }

    @Test
    void fileOwnedByAnotherUserIsRefused() {
        assertRefused(asRoot("nobody-file/libcaps4j.so"), root.resolve("nobody-file/libcaps4j.so")
                + " is owned by uid 65534, not root");
    }

    @Test
    void symbolicLinksAreJudgedByTheirRealPath() {
        // A root-controlled link to a file in nobody's directory: the real path is refused.
        assertRefused(asRoot("links/to-nobody-dir.so"), root.resolve("nobody-dir")
                + " is owned by uid 65534, not root");
        // A link in nobody's directory to a root-controlled file: the real path is what is
        // checked and loaded, so switching the link afterwards changes nothing.
        assertLoadedFrom(root.resolve("root-dir/libcaps4j.so"), asRoot("nobody-links/to-root-dir.so"));
    }

    @Test
    void javaLibraryPathIsCheckedTooAndARefusalIsNotBypassed() {
        String out = child(List.of(), "-Djava.library.path=" + root.resolve("nobody-dir"));
        assertRefused(out, root.resolve("nobody-dir") + " is owned by uid 65534, not root");
        assertTrue(out.contains("(from java.library.path)"), out);
        String ok = child(List.of(), "-Djava.library.path=/nonexistent:" + root.resolve("root-dir"));
        assertLoadedFrom(root.resolve("root-dir/libcaps4j.so"), ok);
    }

    @Test
    void aNonRootJvmHoldingOneCapabilityIsPrivilegedToo() {
        // nobody with cap_net_bind_service ambient (systemd AmbientCapabilities=, a launcher):
        // its own directory is exactly what a same-uid attacker can change.
        String out = child(List.of(Privileged.requireTool("setpriv").toString(), "--reuid=nobody",
                "--regid=nogroup", "--clear-groups", "--inh-caps=+net_bind_service",
                "--ambient-caps=+net_bind_service"),
                "-Dcaps4j.library.path=" + root.resolve("nobody-dir/libcaps4j.so"));
        assertTrue(out.contains("read=load libcaps4j failed") && out.contains("refusing "), out);
        assertTrue(out.contains(root.resolve("nobody-dir") + " is owned by uid 65534, not root"), out);
        assertTrue(out.contains("this process holds privilege (CapInh 0000000000000400,"
                + " CapPrm 0000000000000400, CapEff 0000000000000400, CapAmb 0000000000000400)"), out);
        assertTrue(out.lines().noneMatch(line -> line.startsWith("map=")), out);
    }

    @Test
    void aJvmWithoutPrivilegeLoadsAnyFileItCanRead() {
        // nobody with every capability set cleared: code it loads gains nothing it lacks.
        String out = child(List.of(Privileged.requireTool("setpriv").toString(), "--reuid=nobody",
                "--regid=nogroup", "--clear-groups", "--inh-caps=-all"),
                "-Dcaps4j.library.path=" + root.resolve("nobody-dir/libcaps4j.so"));
        assertTrue(out.contains("CapEff:\t0000000000000000"), out);
        assertLoadedFrom(root.resolve("nobody-dir/libcaps4j.so"), out);
    }

    /** DIR/libcaps4j.so, a root-owned 0755 copy of the shim in a root-owned DIR of this mode. */
    private static Path shimIn(String directory, int mode) throws Exception {
        Path dir = Files.createDirectory(root.resolve(directory));
        Path shim = Files.copy(SHIM, dir.resolve("libcaps4j.so"));
        Files.setAttribute(shim, "unix:mode", 0755);
        Files.setAttribute(dir, "unix:mode", mode); // the only way to set the sticky bit
        return shim;
    }

    private static String asRoot(String relative) {
        return child(List.of(), "-Dcaps4j.library.path=" + root.resolve(relative));
    }

    private static String child(List<String> prefix, String property) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-XX:-UsePerfData", property), ShimMapsMain.class.getName()));
        return ChildJvm.exec(command).assertSuccess().stdout();
    }

    private static void assertLoadedFrom(Path file, String out) {
        assertTrue(out.contains("read=="), out);
        List<String> maps = out.lines().filter(line -> line.startsWith("map=")).toList();
        assertFalse(maps.isEmpty(), out);
        assertTrue(maps.stream().allMatch(line -> line.endsWith(" " + file)), out);
    }

    private static void assertRefused(String out, String why) {
        assertTrue(out.contains("read=load libcaps4j failed") && out.contains("refusing "), out);
        assertTrue(out.contains(why), () -> "expected \"" + why + "\" in:\n" + out);
        assertTrue(out.contains("this process holds privilege (") && out.contains("Uid 0 0 0 0"), out);
        assertTrue(out.lines().noneMatch(line -> line.startsWith("map=")), "nothing loaded:\n" + out);
    }
}
