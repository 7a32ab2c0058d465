/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.nio.file.Path;
import org.caps4j.Capability;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.testing.KernelStatus;

/**
 * Child JVM (root): loads the test library args[0] ({@code src/test/c/altstack_thread.c}),
 * starts its native thread that sits on a sigaltstack with under 512 bytes of normal stack
 * left, then (control) calls glibc's setresuid(0,0,0), whose signal-33 broadcast reaches that
 * thread through a handler installed with SA_ONSTACK; then applies a CAP_NET_RAW drop from E to
 * the whole process and reports the native thread's CapEff; then glibc's broadcast once more.
 * Each step prints its line before the next starts, so a crash shows where.
 */
public final class AltStackMain {
    public static void main(String[] args) throws Exception {
        TestNatives.load(Path.of(args[0]));
        int tid = TestNatives.callInt("caps4j_test_altstack_thread");
        System.out.println("nativeTid=" + tid);
        System.out.println("stackLeft=" + TestNatives.callLong("caps4j_test_altstack_left"));
        if (tid <= 0) {
            throw new AssertionError("the test library could not start its thread: " + tid);
        }
        long pid = ProcessHandle.current().pid();
        System.out.println("glibcBefore=" + TestNatives.glibcSetresuid(0, 0, 0));
        System.out.flush();

        Caps target = Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.NET_RAW);
        System.out.println("expectedCapEff=" + String.format("%016x", target.effective().mask()));
        System.out.flush();
        try {
            target.apply();
            System.out.println("apply=ok");
        } catch (RuntimeException e) {
            System.out.println("apply=" + e.toString().replace('\n', ' '));
        }
        System.out.println("nativeCapEff=" + KernelStatus.of(pid, tid)
                .map(status -> status.get("CapEff")).orElse("gone"));
        System.out.flush();
        System.out.println("glibcAfter=" + TestNatives.glibcSetresuid(0, 0, 0));
        System.out.println("nativeAlive=" + KernelStatus.of(pid, tid).isPresent());
    }
}
