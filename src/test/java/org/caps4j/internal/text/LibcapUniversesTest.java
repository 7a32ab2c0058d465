/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.LibcapOracle;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tier 2: the codec against libcap in universes other than this kernel's. A child JVM runs
 * {@link UniverseCheck} with {@code src/test/c/fake_cap_last_cap.c} preloaded, which makes
 * libcap's load-time probe find the given last capability; '=', "all" and the formatter's
 * histogram then cover 0..lastCap on both sides, as they would on such a kernel.
 */
class LibcapUniversesTest {
    private static final String SOURCE = "src/test/c/fake_cap_last_cap.c";
    private static final int COUNT = 3000;

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 32, 37, 39, 63})
    void codecMatchesLibcapUnderAFakedCapLastCap(int lastCap) {
        LibcapOracle.require();
        Privileged.requireTool("gcc");
        Path preload = Preload.LIBRARY;
        long seed = ThreadLocalRandom.current().nextLong();
        ChildJvm.Result result = ChildJvm.run(List.of("env", "LD_PRELOAD=" + preload,
                "CAPS4J_FAKE_CAP_LAST_CAP=" + lastCap), UniverseCheck.class,
                String.valueOf(lastCap), String.valueOf(seed), String.valueOf(COUNT));
        result.assertSuccess();
        assertTrue(result.stdout().contains("0 differences"), result.stdout());
    }

    /** The preload library, compiled once per test run with the C compiler the build uses. */
    private static final class Preload {
        static final Path LIBRARY = compile();

        private static Path compile() {
            Path gcc = Privileged.requireTool("gcc"); // present: the test checked first
            try {
                Path directory = Files.createDirectories(Path.of("target", "test-native"));
                Path library = directory.resolve("fake_cap_last_cap.so").toAbsolutePath();
                ChildJvm.exec(List.of(gcc.toString(), "-std=gnu11", "-O2", "-Wall", "-Wextra",
                        "-Werror", "-shared", "-fPIC", "-o", library.toString(), SOURCE, "-ldl"))
                        .assertSuccess();
                return library;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create target/test-native", e);
            }
        }
    }
}
