/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.caps4j.bench.Native.Library.LIBCAP;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.caps4j.Caps;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.internal.text.CapMasks;
import org.caps4j.internal.text.CapText;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Parse plus format of libcap text (String in, canonical String out): caps4j's pure-Java codec
 * against libcap's cap_from_text/cap_to_text called through FFM. The goal: Java at least
 * 5x faster than {@link #libcap()}.
 *
 * <p>{@link #libcap()} is what a Java program calling libcap would have to do: encode the String
 * into native memory (a reused buffer, the cheapest way), two calls, decode the result, two
 * frees. {@link #libcapNative()} leaves the String conversions out, as a lower bound for libcap,
 * so the ratio can also be stated against the native work alone. {@link #javaCodec()} is the
 * Java codec without the public facade, given the kernel's cap_last_cap directly. Setup checks
 * that the variant being measured prints exactly what libcap prints for the sample: the
 * comparison is of equal work, and a codec that disagrees with libcap fails instead of being
 * timed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CapTextBenchmark {
    /** Representative inputs, from the one-capability grant to a long policy. */
    public enum Sample {
        /** Everything but one effective bit: the `=` default clause plus one exception. */
        ALL_BUT_ONE("=ep cap_chown-e"),
        /** The usual single grant. */
        ONE_CAP("cap_net_bind_service+ep"),
        /** A list, `=` with three flags, and a second clause that only adds. */
        MIXED("cap_chown,cap_kill,cap_setuid=eip cap_sys_admin+i"),
        /** A long policy: start from all=ep, then remove and add in several clauses. */
        LONG("all=ep cap_sys_admin,cap_sys_module,cap_sys_rawio,cap_sys_boot-ep"
                + " cap_net_raw,cap_net_admin,cap_sys_ptrace-e cap_setpcap,cap_setfcap+i"
                + " cap_audit_write,cap_audit_control=i cap_bpf,cap_perfmon-p");

        final String text;

        Sample(String text) {
            this.text = text;
        }
    }

    // cap_t cap_from_text(const char *buf_p);
    private static final MethodHandle cap_from_text =
            Native.link(LIBCAP, "cap_from_text", FunctionDescriptor.of(ADDRESS, ADDRESS));
    // char *cap_to_text(cap_t caps, ssize_t *length_p);
    private static final MethodHandle cap_to_text =
            Native.link(LIBCAP, "cap_to_text", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    // int cap_free(void *obj_d);
    private static final MethodHandle cap_free =
            Native.link(LIBCAP, "cap_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /**
     * The running kernel's last capability, read with a buffered reader. Not with
     * Files.readString: on a size-0 procfs file it reads one byte first, and a sysctl file read
     * again at offset 1 reports end of file, so "40\n" comes back as "4".
     */
    private static final int KERNEL_LAST_CAP = readLastCap();

    @Param
    public Sample sample;

    private String text;
    private Arena arena;
    /** Reused native buffer for the input string. */
    private MemorySegment input;
    /** The sample already encoded, for {@link #libcapNative()}. */
    private MemorySegment encoded;
    /** The sample parsed by the Java codec, for {@link #javaCodecFormat()}. */
    private CapMasks parsed;

    /**
     * Runs once per benchmark method and fork: the variant being measured must print exactly
     * what libcap prints, otherwise it would be timed doing different work.
     */
    @Setup
    public void prepare(BenchmarkParams params) throws Throwable {
        text = sample.text;
        arena = Arena.ofConfined();
        input = arena.allocate(Native.MAX_C_STRING);
        encoded = arena.allocateFrom(text);
        String fromLibcap = libcap();
        libcapNative();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.equals("java") && KernelUniverse.lastCap() != KERNEL_LAST_CAP) {
            // Same text out can still be different work: the value parsed covers other bits.
            throw new IllegalStateException("not equal work: caps4j's KernelUniverse.lastCap() is "
                    + KernelUniverse.lastCap() + " but /proc/sys/kernel/cap_last_cap says "
                    + KERNEL_LAST_CAP + "; java() would parse and print another universe");
        }
        parsed = CapText.parse(text, KERNEL_LAST_CAP);
        String printed = switch (method) {
            case "java" -> java();
            case "javaCodec", "javaCodecParse", "javaCodecFormat" -> javaCodec();
            default -> fromLibcap;
        };
        if (!printed.equals(fromLibcap)) {
            throw new IllegalStateException("not equal work: for \"" + text + "\" " + method
                    + "() prints \"" + printed + "\" but libcap prints \"" + fromLibcap
                    + "\" (caps4j's KernelUniverse.lastCap() = " + KernelUniverse.lastCap()
                    + ", /proc/sys/kernel/cap_last_cap = " + KERNEL_LAST_CAP + ")");
        }
    }

    @TearDown
    public void free() {
        arena.close();
    }

    /** caps4j: parse into an immutable Caps, print it in libcap's canonical form. */
    @Benchmark
    public String java() {
        return Caps.parse(text).toString();
    }

    /**
     * The codec alone (internal API, reachable on the class path) with the cap_last_cap this
     * benchmark read itself: {@link #java()} minus the public facade, which only adds a read
     * of a static field ({@code KernelUniverse.lastCap()}).
     */
    @Benchmark
    public String javaCodec() {
        return CapText.format(CapText.parse(text, KERNEL_LAST_CAP), KERNEL_LAST_CAP);
    }

    /** The parsing half of {@link #javaCodec()}. */
    @Benchmark
    public CapMasks javaCodecParse() {
        return CapText.parse(text, KERNEL_LAST_CAP);
    }

    /** The formatting half of {@link #javaCodec()}, from the value parsed in setup. */
    @Benchmark
    public String javaCodecFormat() {
        return CapText.format(parsed, KERNEL_LAST_CAP);
    }

    /** libcap through FFM, String to String. */
    @Benchmark
    public String libcap() throws Throwable {
        input.setString(0, text);
        MemorySegment caps = (MemorySegment) cap_from_text.invokeExact(input);
        if (caps.address() == 0) {
            throw new IllegalArgumentException("cap_from_text rejected \"" + text + "\"");
        }
        MemorySegment printed = (MemorySegment) cap_to_text.invokeExact(caps, MemorySegment.NULL);
        try {
            if (printed.address() == 0) {
                throw new IllegalStateException("cap_to_text failed");
            }
            String result = printed.getString(0);
            int ignored = (int) cap_free.invokeExact(printed);
            return result;
        } finally {
            int ignored = (int) cap_free.invokeExact(caps);
        }
    }

    /** libcap's native work only: pre-encoded input, the printed text is freed unread. */
    @Benchmark
    public int libcapNative() throws Throwable {
        MemorySegment caps = (MemorySegment) cap_from_text.invokeExact(encoded);
        MemorySegment printed = (MemorySegment) cap_to_text.invokeExact(caps, MemorySegment.NULL);
        int freedText = (int) cap_free.invokeExact(printed);
        int freedCaps = (int) cap_free.invokeExact(caps);
        return freedText | freedCaps;
    }

    private static int readLastCap() {
        try {
            return Integer.parseInt(
                    Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
