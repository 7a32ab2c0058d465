/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.arm64;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/** The packaged jar carries a shim for each supported architecture, as {@code unzip -l} lists. */
class JarShimsIT {
    @Test
    void theJarCarriesTheX8664AndAarch64Shims() {
        Path jar = Path.of(System.getProperty("caps4j.test.jar", "target/caps4j.jar"));
        String listing = ChildJvm.exec(List.of(Privileged.requireTool("unzip").toString(), "-l",
                jar.toString())).assertSuccess().stdout();
        for (String arch : List.of("x86_64", "aarch64")) {
            assertTrue(listing.contains("META-INF/native/linux-" + arch + "/libcaps4j.so"),
                    arch + " in\n" + listing);
        }
    }
}
