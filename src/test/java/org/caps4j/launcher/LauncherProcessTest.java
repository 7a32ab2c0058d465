/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caps4j.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Process} that {@link Launcher#start()} returns behaves as the JDK's own, with the
 * JDK as the oracle: the same builder is started by {@link ProcessBuilder#start()} and by the
 * launcher, and what each child saw (output, files, error texts) must be equal. Every
 * {@link Redirect} kind, the environment, the directory, exec failures, and the life-cycle
 * calls (waitFor, destroy, onExit, handles). No credential change is asked for here; the
 * credential tests are in {@link LauncherTest}.
 */
class LauncherProcessTest {

    /** Runs {@code builder} to the end with both launchers; stdin gets {@code input}. */
    private static List<String> bothOutputs(ProcessBuilder builder, String input)
            throws Exception {
        return List.of(run(builder.start(), input), run(Launcher.of(builder).start(), input));
    }

    private static String run(Process process, String input) throws Exception {
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException notAPipe) {
            // Redirect.from/INHERIT: the JDK's stream refuses writes, ours too (checked below)
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return "exit=" + process.waitFor() + " out=" + out + " err=" + err;
    }

    private static void assertSameAsJdk(ProcessBuilder builder, String input) throws Exception {
        List<String> outputs = bothOutputs(builder, input);
        assertEquals(outputs.get(0), outputs.get(1), "ProcessBuilder vs Launcher");
    }

    @Test
    void pipesCarryStdinStdoutStderrAndTheExitValue() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c",
                "read x; echo out:$x; echo err:$x >&2; exit 3");
        assertEquals("exit=3 out=out:hi\n err=err:hi\n", bothOutputs(builder, "hi\n").get(1));
        assertSameAsJdk(builder, "hi\n");
    }

    @Test
    void redirectErrorStreamMergesStderrIntoStdout() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo a; echo b >&2; echo c")
                .redirectErrorStream(true);
        assertEquals("exit=0 out=a\nb\nc\n err=", bothOutputs(builder, null).get(1));
        assertSameAsJdk(builder, null);
    }

    @Test
    void fileRedirectsToFromAndAppendToWriteWhatTheJdkWrites(@TempDir Path dir)
            throws Exception {
        Path in = Files.writeString(dir.resolve("in"), "from a file\n");
        for (String who : List.of("jdk", "caps4j")) {
            Path out = dir.resolve(who + ".out");
            Path log = Files.writeString(dir.resolve(who + ".log"), "kept\n");
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", "cat; echo to-err >&2")
                    .redirectInput(Redirect.from(in.toFile()))
                    .redirectOutput(Redirect.to(out.toFile()))
                    .redirectError(Redirect.appendTo(log.toFile()));
            Process process = who.equals("jdk") ? builder.start() : Launcher.of(builder).start();
            assertEquals(-1, process.getInputStream().read(), "no pipe: nothing to read");
            assertThrows(IOException.class, () -> process.getOutputStream().write(1));
            assertEquals(0, process.waitFor());
        }
        assertEquals("from a file\n", Files.readString(dir.resolve("caps4j.out")));
        assertEquals("kept\nto-err\n", Files.readString(dir.resolve("caps4j.log")));
        assertEquals(Files.readString(dir.resolve("jdk.out")),
                Files.readString(dir.resolve("caps4j.out")));
        assertEquals(Files.readString(dir.resolve("jdk.log")),
                Files.readString(dir.resolve("caps4j.log")));
    }

    @Test
    void discardThrowsOutputAway() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo gone; echo gone >&2")
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD);
        assertEquals("exit=0 out= err=", bothOutputs(builder, null).get(1));
        Process child = Launcher.of(new ProcessBuilder("readlink", "/proc/self/fd/1")
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.PIPE)).start();
        assertEquals(0, child.waitFor());
    }

    @Test
    void inheritGivesTheChildTheJvmsOwnDescriptors() throws Exception {
        String jvmStdin = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
        String jvmStderr = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c",
                "readlink /proc/self/fd/0; readlink /proc/self/fd/2")
                .redirectInput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
        assertEquals("exit=0 out=" + jvmStdin + "\n" + jvmStderr + "\n err=",
                bothOutputs(builder, null).get(1));
        assertSameAsJdk(builder, null);
    }

    @Test
    void environmentIsExactlyTheBuildersAndDirectoryIsTheBuilders(@TempDir Path dir)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/env").directory(dir.toFile());
        builder.environment().clear();
        builder.environment().put("ONLY", "this value=with equals");
        assertEquals("exit=0 out=ONLY=this value=with equals\n err=",
                bothOutputs(builder, null).get(1));
        ProcessBuilder pwd = new ProcessBuilder("pwd").directory(dir.toFile());
        assertEquals("exit=0 out=" + dir.toRealPath() + "\n err=", bothOutputs(pwd, null).get(1));
        assertSameAsJdk(pwd, null);
    }

    @Test
    void onlyTheStandardDescriptorsReachTheChild() throws Exception {
        // ls opens the directory it lists as descriptor 3; nothing else may be open
        ProcessBuilder builder = new ProcessBuilder("ls", "/proc/self/fd");
        assertEquals("exit=0 out=0\n1\n2\n3\n err=", bothOutputs(builder, null).get(1));
    }

    @Test
    void signalsStartAtTheirDefaultsAndTheCallersMask() throws Exception {
        String callerMask = field(Files.readString(Path.of("/proc/thread-self/status")), "SigBlk");
        Process child = Launcher.of(new ProcessBuilder("cat", "/proc/self/status")).start();
        String status = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor());
        assertEquals("0000000000000000", field(status, "SigIgn"));
        assertEquals("0000000000000000", field(status, "SigCgt"));
        assertEquals(callerMask, field(status, "SigBlk"));
    }

    private static String field(String status, String name) {
        return status.lines().filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElseThrow();
    }

    @Test
    void execFailuresGiveTheJdksExceptionText(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("not-executable"), "data\n");
        List<ProcessBuilder> builders = List.of(
                new ProcessBuilder("no-such-program-caps4j"),
                new ProcessBuilder("/no/such/program"),
                new ProcessBuilder(plain.toString()),
                new ProcessBuilder(dir.toString()),
                new ProcessBuilder("true").directory(new File("/no/such/directory")),
                new ProcessBuilder("true").redirectInput(new File("/no/such/input")),
                new ProcessBuilder("true").redirectOutput(new File("/no/such/dir/output")),
                new ProcessBuilder("true").redirectError(Redirect.appendTo(
                        new File("/no/such/dir/log"))),
                new ProcessBuilder("tr\0ue"));
        for (ProcessBuilder builder : builders) {
            IOException jdk = assertThrows(IOException.class, builder::start);
            IOException ours = assertThrows(IOException.class, () -> Launcher.of(builder).start());
            assertEquals(jdk.getMessage(), ours.getMessage(), builder.command().toString());
            assertEquals(jdk.getCause() == null ? null : jdk.getCause().getClass(),
                    ours.getCause() == null ? null : ours.getCause().getClass());
        }
    }

    @Test
    void aFileWithoutAShebangRunsThroughTheShellAsTheJdkDoes(@TempDir Path dir)
            throws Exception {
        Path script = Files.writeString(dir.resolve("no-shebang"), "echo via sh $1\n");
        Files.setAttribute(script, "unix:mode", 0755);
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "arg");
        assertEquals("exit=0 out=via sh arg\n err=", bothOutputs(builder, null).get(1));
        assertSameAsJdk(builder, null);
    }

    @Test
    void waitForWithTimeoutDestroyAndOnExit() throws Exception {
        Process sleeper = Launcher.of(new ProcessBuilder("sleep", "60")).start();
        assertTrue(sleeper.isAlive());
        assertFalse(sleeper.waitFor(50, TimeUnit.MILLISECONDS));
        assertThrows(IllegalThreadStateException.class, sleeper::exitValue);
        ProcessHandle handle = sleeper.toHandle();
        assertEquals(sleeper.pid(), handle.pid());
        assertTrue(handle.isAlive());
        assertTrue(handle.info().command().orElseThrow().endsWith("sleep"));
        assertEquals(ProcessHandle.current(), handle.parent().orElseThrow());
        var exited = sleeper.onExit();
        var handleExited = handle.onExit();
        sleeper.destroy();
        assertEquals(sleeper, exited.get(10, TimeUnit.SECONDS));
        assertEquals(handle, handleExited.get(10, TimeUnit.SECONDS));
        assertEquals(0x80 + 15, sleeper.exitValue(), "SIGTERM, as the JDK reports it");
        assertFalse(sleeper.isAlive());
        assertFalse(handle.isAlive());
        assertFalse(handle.destroy(), "no signal after the reap");
        assertTrue(handle.info().command().isEmpty());
        assertTrue(sleeper.toString().contains("exitValue=143"), sleeper.toString());

        Process killed = Launcher.of(new ProcessBuilder("sleep", "60")).start();
        assertEquals(killed, killed.destroyForcibly());
        assertEquals(0x80 + 9, killed.waitFor());
        assertTrue(killed.supportsNormalTermination());
    }

    /**
     * As with the JDK's own streams, a child's pipes are closed once it exits, and what it
     * wrote stays readable: a caller that never closes them does not run out of descriptors.
     */
    @Test
    void pipesCloseWhenTheChildExitsAndKeepWhatWasUnread() throws Exception {
        long before = openDescriptors();
        for (int i = 0; i < 300; i++) {
            assertEquals(0, Launcher.of(new ProcessBuilder("true")).start().waitFor());
        }
        long after = openDescriptors();
        assertTrue(after - before < 10, "descriptors before " + before + ", after " + after);
        Process echo = Launcher.of(new ProcessBuilder("sh", "-c", "echo out; echo err >&2"))
                .start();
        assertEquals(0, echo.waitFor());
        assertEquals("out\n", new String(echo.getInputStream().readAllBytes()));
        assertEquals("err\n", new String(echo.getErrorStream().readAllBytes()));
        OutputStream stdin = echo.getOutputStream();
        assertThrows(IOException.class, () -> {
            stdin.write(1);
            stdin.flush(); // buffered, as the JDK's: the closed pipe shows at the flush
        });
    }

    private static long openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    @Test
    void destroyClosesTheStreamsAsTheJdkDoes() throws Exception {
        Process cat = Launcher.of(new ProcessBuilder("cat")).start();
        cat.destroy();
        cat.waitFor();
        assertThrows(IOException.class, () -> cat.getInputStream().read());
        assertInstanceOf(Process.class, cat.onExit().get());
    }
}
