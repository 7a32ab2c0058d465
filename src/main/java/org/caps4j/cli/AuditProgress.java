/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * The line {@code audit} keeps rewriting on a terminal during a long walk ("audit: 1234 files
 * in 56 directories, now /usr/lib/x"), on standard error. Only on a terminal: in a pipe or a
 * file the output stays exactly getcap's, so nothing is written there.
 */
final class AuditProgress {
    /** Erase the line: carriage return, then ANSI "erase to end of line". */
    private static final String ERASE = "\r\u001b[K";
    private static final long INTERVAL_NANOS = 250_000_000L;
    private static final int WIDTH = 79;

    private final PrintStream terminal;
    private long files;
    private long directories;
    private long lastShown;
    private boolean showing;

    private AuditProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** Writes to {@code err} if standard input and output are a terminal, else nowhere. */
    static AuditProgress forTerminal(PrintStream err) {
        return new AuditProgress(isTerminal() ? err : null);
    }

    /**
     * Whether this JVM talks to a terminal. Before JDK 22 {@link System#console()} is null
     * unless it does; from JDK 22 it returns a console for pipes too, and only
     * {@code Console.isTerminal()} (absent before 22, hence reflection) tells.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException unexpected) {
            return false;
        }
    }

    void directory(String path) {
        directories++;
        show(path);
    }

    void file(String path) {
        files++;
        show(path);
    }

    /** Erases the progress line so a result line can be printed on a clean line. */
    void clear() {
        if (showing) {
            terminal.print(ERASE);
            terminal.flush();
            showing = false;
        }
    }

    private void show(String path) {
        long now = System.nanoTime();
        if (terminal == null || (lastShown != 0 && now - lastShown < INTERVAL_NANOS)) {
            return;
        }
        lastShown = now;
        String head = "audit: " + files + " files in " + directories + " directories, now ";
        // The end of a long path says more than its start: keep that, within one line.
        String line = head.length() + path.length() <= WIDTH ? head + path
                : head + "..." + path.substring(Math.max(0, path.length()
                        - Math.max(10, WIDTH - head.length() - 3)));
        terminal.print(ERASE + line);
        terminal.flush();
        showing = true;
    }
}
