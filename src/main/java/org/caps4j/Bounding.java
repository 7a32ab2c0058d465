package org.caps4j;

import org.caps4j.internal.Failures;
import org.caps4j.internal.Natives;

/**
 * The capability bounding set: the limit on what execve(2) can ever add to the permitted set.
 * A capability can be dropped from it (needs CAP_SETPCAP) but never added back; it is inherited
 * by children and new threads.
 */
public final class Bounding {
    private Bounding() {}

    /**
     * The calling thread's bounding set, read from the kernel with PR_CAPBSET_READ for each
     * capability the kernel knows.
     */
    public static CapabilitySet read() {
        long[] mask = new long[1];
        Failures.check(Natives.shim().readBounding(mask), "prctl(PR_CAPBSET_READ)",
                "for the calling thread");
        return CapabilitySet.fromMask(mask[0]);
    }
}
