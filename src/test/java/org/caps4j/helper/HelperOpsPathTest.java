/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * H4: path parameters stay under their root. The operation overwrites the file it is given,
 * so a path that escaped would change the target; the target's bytes and mtime are compared
 * and the body's run counter must stay 0. /etc/shadow is only ever given to a read-only body.
 */
@ExtendWith(ThreadsBackToUniform.class)
class HelperOpsPathTest {
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private Path root;
    private Path outside;
    private Path target;
    private HelperService service;

    @BeforeEach
    void setUp() throws Exception {
        root = TestScratch.directory("caps4j-helper-root-");
        outside = TestScratch.directory("caps4j-helper-outside-");
        target = Files.writeString(outside.resolve("target"), "original");
        Files.setLastModifiedTime(target, FileTime.fromMillis(1_000_000_000_000L));
        Files.writeString(root.resolve("inside.txt"), "inside");
        Files.createDirectory(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("link"), target);
        Files.createSymbolicLink(root.resolve("dirlink"), outside);
        Files.createSymbolicLink(root.resolve("sub/up"), Path.of("../../" + outside.getFileName()
                + "/target"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("missing"));
        service = HelperService.builder("com.example.Files")
                .operation(Operation.named("Overwrite")
                        .parameter(Parameter.path("file", root)).allowUsers(1000)
                        .body(args -> {
                            writes.incrementAndGet();
                            Files.writeString(args.path("file"), "overwritten",
                                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                            return JsonNodeFactory.instance.objectNode()
                                    .put("path", args.path("file").toString());
                        }).build())
                .operation(Operation.named("Peek")
                        .parameter(Parameter.path("file", root)).allowUsers(1000)
                        .body(args -> {
                            reads.incrementAndGet();
                            return JsonNodeFactory.instance.objectNode();
                        }).build())
                .auditTo(line -> { })
                .build();
    }

    @AfterEach
    void close() {
        service.close();
    }

    private Reply call(String method, String path) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("file", path);
        return service.handle(peer(1000, 1000), "com.example.Files." + method, params);
    }

    @Test
    void h4EscapesAreRefusedAndTheTargetIsUntouched() throws Exception {
        byte[] before = Files.readAllBytes(target);
        FileTime mtime = Files.getLastModifiedTime(target);
        String[] escapes = {
            "../" + outside.getFileName() + "/target",
            "sub/../../" + outside.getFileName() + "/target",
            target.toString(),                            // absolute, outside the root
            root + "/../" + outside.getFileName() + "/target",
            "link",                                       // symlink to the target
            "dirlink/target",                             // through a symlinked directory
            "sub/up",                                     // relative symlink climbing out
            "dangling",                                   // symlink to nothing, outside
            root + "-evil/target",                        // a sibling sharing the prefix
            "", "inside.txt\u0000", "inside\n.txt",
        };
        for (String escape : escapes) {
            Reply reply = call("Overwrite", escape);
            assertEquals(HelperErrors.INVALID_PARAMETER, reply.error(), escape);
            assertEquals("file", reply.parameters().get("parameter").asText());
        }
        assertEquals(0, writes.get(), "the body never ran");
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(mtime, Files.getLastModifiedTime(target));
    }

    @Test
    void h4EtcShadowIsRefusedToAReadOnlyBody() throws Exception {
        FileTime mtime = Files.getLastModifiedTime(Path.of("/etc/shadow"));
        for (String shadow : new String[] {"../../etc/shadow", "/etc/shadow",
                "../../../../../../../../etc/shadow", "/etc//shadow", "/etc/./shadow"}) {
            assertEquals(HelperErrors.INVALID_PARAMETER, call("Peek", shadow).error(), shadow);
        }
        assertEquals(0, reads.get());
        assertEquals(mtime, Files.getLastModifiedTime(Path.of("/etc/shadow")));
    }

    @Test
    void pathsInsideTheRootWork() throws Exception {
        Reply relative = call("Overwrite", "inside.txt");
        assertNull(relative.error());
        assertEquals(root.toRealPath().resolve("inside.txt").toString(),
                relative.parameters().get("path").asText());
        assertEquals("overwritten", Files.readString(root.resolve("inside.txt"),
                StandardCharsets.UTF_8));
        assertNull(call("Overwrite", root + "/sub/new.txt").error(), "a new file under the root");
        assertEquals(2, writes.get());
        assertEquals("original", Files.readString(target));
    }
}
