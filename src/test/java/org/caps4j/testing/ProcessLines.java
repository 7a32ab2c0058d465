/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A child process's output read line by line on a daemon thread, so tests can wait with a timeout. */
public final class ProcessLines {
    private ProcessLines() {}

    /**
     * Starts a daemon thread named {@code threadName} that passes each line of {@code output}
     * (UTF-8) to {@code eachLine}, then runs {@code atEnd} once the stream ends or fails.
     */
    public static void pump(InputStream output, String threadName, Consumer<String> eachLine,
            Runnable atEnd) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(output,
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    eachLine.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended; atEnd reports it
            }
            atEnd.run();
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }
}
