/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.caps4j.Ambient;
import org.caps4j.Bounding;
import org.caps4j.Caps;
import org.caps4j.NoNewPrivs;
import org.caps4j.SecureBits;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;
import org.caps4j.internal.Natives;

/**
 * Child JVM main: prints, one {@code key value} per line, what caps4j reads in this process,
 * and the raw lines of {@code /proc/thread-self/status} the kernel shows the same thread.
 *
 * <p>Arguments: {@code --capsh=<path>} also runs {@code capsh --print} and prints its Securebits line
 * (securebits other than keep-caps survive exec, so capsh sees ours); {@code --wait} prints
 * {@code ready} and keeps the process (and a named probe thread) alive until stdin closes, so
 * the parent can inspect {@code /proc/<pid>} and call {@code Caps.fromPid}.
 */
public final class CredentialsReport {
    /** A name longer than the kernel's 15-byte comm, unique in the child JVM. */
    public static final String PROBE_NAME = "caps4j-census-probe-thread";

    private CredentialsReport() {}

    public static void main(String[] args) throws Exception {
        String capsh = null;
        boolean wait = false;
        for (String arg : args) {
            if (arg.startsWith("--capsh=")) {
                capsh = arg.substring("--capsh=".length());
            }
            wait |= arg.equals("--wait");
        }
        AtomicInteger probeTid = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch exit = new CountDownLatch(1);
        Thread probe = new Thread(() -> {
            probeTid.set(Natives.shim().gettid());
            started.countDown();
            try {
                exit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, PROBE_NAME);
        probe.setDaemon(true);
        probe.start();
        started.await();

        StringBuilder out = new StringBuilder();
        line(out, "pid", ProcessHandle.current().pid());
        line(out, "tid", Natives.shim().gettid());
        line(out, "probe.tid", probeTid.get());
        Caps caps = Caps.fromProcess();
        line(out, "caps", hex(caps.effective().mask()) + " " + hex(caps.permitted().mask()) + " "
                + hex(caps.inheritable().mask()));
        line(out, "bounding", hex(Bounding.read().mask()));
        line(out, "ambient", hex(Ambient.read().mask()));
        line(out, "nnp", NoNewPrivs.isSet());
        line(out, "securebits", Integer.toHexString(SecureBits.read().bits()));
        for (String kernel : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (kernel.matches("(Cap\\w+|NoNewPrivs|Uid|Gid):.*")) {
                line(out, "kernel." + kernel.substring(0, kernel.indexOf(':')),
                        kernel.substring(kernel.indexOf(':') + 1).strip().replaceAll("\\s+", " "));
            }
        }
        ThreadCensus census = ThreadCensus.take();
        line(out, "census.size", census.size());
        line(out, "census.uniform", census.isUniform());
        line(out, "census.initialns", census.inInitialUserNamespace());
        for (TaskCredentials task : census.tasks()) {
            out.append("task ").append(task.tid())
                    .append('\t').append(hex(task.caps().inheritable().mask()))
                    .append('\t').append(hex(task.caps().permitted().mask()))
                    .append('\t').append(hex(task.caps().effective().mask()))
                    .append('\t').append(hex(task.bounding().mask()))
                    .append('\t').append(hex(task.ambient().mask()))
                    .append('\t').append(task.noNewPrivs() ? 1 : 0)
                    .append('\t').append(ids(task.uids()))
                    .append('\t').append(ids(task.gids()))
                    .append('\t').append(task.name()).append('\n');
        }
        if (capsh != null) {
            out.append(capshSecurebits(capsh));
        }
        System.out.print(out);
        System.out.println("census " + census.toString().replace('\n', '|'));
        if (wait) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our stdin
            }
        }
        exit.countDown();
    }

    private static String capshSecurebits(String capsh) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(capsh, "--print").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        for (String capshLine : output.split("\n")) {
            if (capshLine.startsWith("Securebits:")) {
                return "capsh.securebits " + capshLine.substring("Securebits:".length()).strip()
                        + "\n";
            }
        }
        throw new IllegalStateException("capsh --print printed no Securebits line:\n" + output);
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append(' ').append(value).append('\n');
    }

    private static String hex(long mask) {
        return String.format("%016x", mask);
    }

    private static String ids(TaskCredentials.Ids ids) {
        return ids.real() + " " + ids.effective() + " " + ids.saved() + " " + ids.filesystem();
    }
}
