package org.caps4j;

import org.caps4j.internal.Failures;
import org.caps4j.internal.Natives;

/**
 * The ambient capability set (Linux 4.3+): capabilities that survive execve(2) of a program
 * without file capabilities. A capability can only be ambient while it is both permitted and
 * inheritable; lowering either drops it from the ambient set. Executing a set-id or
 * file-capability program clears the ambient set.
 */
public final class Ambient {
    private Ambient() {}

    /** The calling thread's ambient set, read with PR_CAP_AMBIENT_IS_SET for each capability. */
    public static CapabilitySet read() {
        long[] mask = new long[1];
        Failures.check(Natives.shim().readAmbient(mask), "prctl(PR_CAP_AMBIENT_IS_SET)",
                "for the calling thread (ambient capabilities need Linux 4.3 or later)");
        return CapabilitySet.fromMask(mask[0]);
    }
}
