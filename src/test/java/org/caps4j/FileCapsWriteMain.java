/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.nio.file.Path;

/** Child of {@link FileCapsExecTest}: tries {@code FileCaps.of(parse(args[1])).write(args[0])}. */
public final class FileCapsWriteMain {
    private FileCapsWriteMain() {}

    public static void main(String[] args) {
        try {
            FileCaps.of(Caps.parse(args[1])).write(Path.of(args[0]));
            System.out.println("written");
        } catch (Exception e) {
            System.out.println(e.getClass().getName() + "|" + e.getMessage());
        }
    }
}
