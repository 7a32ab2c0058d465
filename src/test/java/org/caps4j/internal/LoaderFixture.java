package org.caps4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;

/**
 * Files for the loader's tests. They live under {@code target/}, never under /tmp: the tests
 * assert that the loader writes nothing to /tmp, and leave nothing there themselves.
 */
final class LoaderFixture {
    private LoaderFixture() {}

    /** Compiles {@code src/test/c/NAME.c} into {@code dir} (root-owned, 0755); needs gcc. */
    static Path compile(String name, Path dir, boolean shared) {
        Path gcc = Privileged.requireTool("gcc");
        Path output = dir.resolve(shared ? name + ".so" : name);
        List<String> command = new ArrayList<>(List.of(gcc.toString(), "-std=gnu11", "-O2", "-Wall"));
        if (shared) {
            command.addAll(List.of("-shared", "-fPIC"));
        }
        command.addAll(List.of("-o", output.toString(),
                Path.of("src", "test", "c", name + ".c").toAbsolutePath().toString()));
        ChildJvm.exec(command).assertSuccess();
        return output;
    }

    /** {@code target/NAME} as an absolute path, emptied and created anew. */
    static Path freshDirectory(String name) throws IOException {
        Path dir = Path.of("target", name).toAbsolutePath();
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
