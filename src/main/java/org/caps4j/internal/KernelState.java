package org.caps4j.internal;

import org.caps4j.CapabilitySet;
import org.caps4j.TaskCredentials;

/**
 * The capability state of one thread that transactions set and verify: E, P, I, the bounding
 * set and the ambient set, as masks.
 */
public record KernelState(long effective, long permitted, long inheritable, long bounding,
        long ambient) {

    /** The calling thread's state, read from the kernel. */
    public static KernelState ofCallingThread() {
        NativeShim shim = Natives.shim();
        int[] words = new int[6];
        Failures.check(shim.capget(0, words), "capget", "for the calling thread");
        long[] bounding = new long[1];
        Failures.check(shim.readBounding(bounding), "prctl(PR_CAPBSET_READ)",
                "for the calling thread");
        long[] ambient = new long[1];
        Failures.check(shim.readAmbient(ambient), "prctl(PR_CAP_AMBIENT_IS_SET)",
                "for the calling thread");
        return new KernelState(join(words[0], words[3]), join(words[1], words[4]),
                join(words[2], words[5]), bounding[0], ambient[0]);
    }

    /** The state of a task as /proc reported it. */
    public static KernelState of(TaskCredentials task) {
        return new KernelState(task.caps().effective().mask(), task.caps().permitted().mask(),
                task.caps().inheritable().mask(), task.bounding().mask(), task.ambient().mask());
    }

    private static long join(int low, int high) {
        return (Integer.toUnsignedLong(high) << 32) | Integer.toUnsignedLong(low);
    }

    public KernelState withCaps(long e, long p, long i) {
        return new KernelState(e, p, i, bounding, ambient);
    }

    public KernelState withBounding(long b) {
        return new KernelState(effective, permitted, inheritable, b, ambient);
    }

    public KernelState withAmbient(long a) {
        return new KernelState(effective, permitted, inheritable, bounding, a);
    }

    /** The fields that differ from {@code other}, e.g. {@code CapEff 0x0 != 0x400}. */
    public String differences(KernelState expected) {
        StringBuilder out = new StringBuilder();
        diff(out, "CapEff", effective, expected.effective);
        diff(out, "CapPrm", permitted, expected.permitted);
        diff(out, "CapInh", inheritable, expected.inheritable);
        diff(out, "CapBnd", bounding, expected.bounding);
        diff(out, "CapAmb", ambient, expected.ambient);
        return out.toString();
    }

    private static void diff(StringBuilder out, String name, long actual, long expected) {
        if (actual != expected) {
            out.append(out.isEmpty() ? "" : ", ").append(name).append(" 0x")
                    .append(Long.toHexString(actual)).append(" (expected 0x")
                    .append(Long.toHexString(expected)).append(')');
        }
    }

    static String names(long mask) {
        return CapabilitySet.fromMask(mask).toString();
    }
}
