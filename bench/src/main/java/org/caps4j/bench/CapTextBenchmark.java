package org.caps4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.caps4j.bench.Native.Library.LIBCAP;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.caps4j.Caps;
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

/**
 * Parse plus format of libcap text (String in, canonical String out): caps4j's pure-Java codec
 * against libcap's cap_from_text/cap_to_text called through FFM. The goal: Java at least
 * 5x faster than {@link #libcap()}.
 *
 * <p>{@link #libcap()} is what a Java program calling libcap would have to do: encode the String
 * into native memory (a reused buffer, the cheapest way), two calls, decode the result, two
 * frees. {@link #libcapNative()} leaves the String conversions out, as a lower bound for libcap,
 * so the ratio can also be stated against the native work alone. Setup checks that both codecs
 * print the same canonical text for every sample: the comparison is of equal work.
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

    @Param
    public Sample sample;

    private String text;
    private Arena arena;
    /** Reused native buffer for the input string. */
    private MemorySegment input;
    /** The sample already encoded, for {@link #libcapNative()}. */
    private MemorySegment encoded;

    @Setup
    public void prepare() throws Throwable {
        text = sample.text;
        arena = Arena.ofConfined();
        input = arena.allocate(Native.MAX_C_STRING);
        encoded = arena.allocateFrom(text);
        String fromLibcap = libcap();
        String fromJava;
        try {
            fromJava = java();
        } catch (UnsupportedOperationException notYetWritten) {
            // A library build without the Java codec: the libcap variants still run, java() fails.
            System.out.println("caps4j text codec unavailable (" + notYetWritten.getMessage()
                    + "): only the libcap variants can run");
            return;
        }
        if (!fromJava.equals(fromLibcap)) {
            throw new IllegalStateException("not equal work: for \"" + text + "\" caps4j prints \""
                    + fromJava + "\" but libcap prints \"" + fromLibcap + "\"");
        }
        libcapNative();
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
}
