/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.caps4j.helper.internal.PathConfinement;
import org.caps4j.testing.TestScratch;

/**
 * H4 as a property: random paths built from the names of a tree full of symlinks (out of the
 * root, through directories, relative, looping, dangling) are either refused or confined —
 * the answer is under the root's real path and, where it exists, is its own real path (no
 * symlink left to follow). Paths with no {@code ..} and only plain names are accepted.
 */
class HelperOpsPathPropertyTest {
    private static final List<String> PLAIN = List.of("a", "b.txt", "new");
    private static Path root;
    private static Path outside;

    @BeforeContainer
    static void tree() throws IOException {
        root = TestScratch.directory("caps4j-helper-proot-");
        outside = TestScratch.directory("caps4j-helper-pout-");
        Files.writeString(outside.resolve("target"), "outside");
        Files.createDirectories(root.resolve("a"));
        Files.writeString(root.resolve("a/b.txt"), "inside");
        Files.writeString(root.resolve("b.txt"), "inside");
        Files.createSymbolicLink(root.resolve("link"), outside.resolve("target"));
        Files.createSymbolicLink(root.resolve("dirlink"), outside);
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../" + outside.getFileName()));
        Files.createSymbolicLink(root.resolve("a/inner"), Path.of("b.txt"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("missing"));
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.of("..", ".", "a", "b.txt", "new", "link",
                "dirlink", "up", "inner", "loop", "dangling", "target", "");
        Arbitrary<String> prefix = Arbitraries.of("", "/", "ROOT/", "OUT/", "//");
        return net.jqwik.api.Combinators.combine(prefix, segment.list().ofMinSize(1).ofMaxSize(6))
                .as((p, s) -> p.replace("ROOT", root.toString()).replace("OUT", outside.toString())
                        + String.join("/", s));
    }

    @Property(tries = 2000)
    void confinedOrRefused(@ForAll("paths") String text) throws IOException {
        Optional<Path> result = PathConfinement.confine(text, List.of(root));
        Path realRoot = root.toRealPath();
        boolean climbs = List.of(text.split("/")).contains("..");
        if (result.isPresent()) {
            Path path = result.get();
            assertFalse(climbs, text);
            assertTrue(path.startsWith(realRoot), text + " -> " + path);
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                assertEquals(path, path.toRealPath(), text + ": no symlink left in " + path);
            }
        }
        List<String> names = List.of(text.split("/"));
        if (!text.startsWith("/") && names.stream().allMatch(PLAIN::contains)
                && !(names.contains("new") && names.indexOf("new") < names.size() - 1)
                && !(names.contains("b.txt") && names.indexOf("b.txt") < names.size() - 1)) {
            assertTrue(result.isPresent(), "plain relative path refused: " + text);
        }
    }
}
