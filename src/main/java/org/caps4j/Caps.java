/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.Objects;
import org.caps4j.internal.Errno;
import org.caps4j.internal.Failures;
import org.caps4j.internal.KernelFailure;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.internal.Natives;
import org.caps4j.internal.Engine;
import org.caps4j.internal.Scope;
import org.caps4j.internal.text.CapMasks;
import org.caps4j.internal.text.CapText;
import org.caps4j.internal.text.TextSyntaxException;

/**
 * An immutable value of the three capability sets capget(2) and capset(2) move together:
 * effective (E), permitted (P) and inheritable (I).
 *
 * <p>Obtain one from the kernel ({@link #fromProcess()}, {@link #fromPid(long)}), from libcap
 * text ({@link #parse(String)}) or from sets ({@link #of}); derive others with {@link #add},
 * {@link #remove}, {@link #activate()}, {@link #deactivate()} and {@link #propagate()}.
 * {@link #toString()} is libcap's {@code cap_to_text} form, byte for byte.
 */
public final class Caps {
    private static final Caps EMPTY =
            new Caps(CapabilitySet.empty(), CapabilitySet.empty(), CapabilitySet.empty());

    private final CapabilitySet effective;
    private final CapabilitySet permitted;
    private final CapabilitySet inheritable;

    private Caps(CapabilitySet effective, CapabilitySet permitted, CapabilitySet inheritable) {
        this.effective = Objects.requireNonNull(effective, "effective");
        this.permitted = Objects.requireNonNull(permitted, "permitted");
        this.inheritable = Objects.requireNonNull(inheritable, "inheritable");
    }

    /**
     * E, P and I as given. The kernel will refuse E or I outside P when applied; a value may
     * hold anything.
     *
     * @param effective the effective set
     * @param permitted the permitted set
     * @param inheritable the inheritable set
     * @return the value holding the three sets
     */
    public static Caps of(CapabilitySet effective, CapabilitySet permitted,
            CapabilitySet inheritable) {
        return new Caps(effective, permitted, inheritable);
    }

    /**
     * All three sets empty (libcap text {@code =}).
     *
     * @return the value with no capabilities
     */
    public static Caps empty() {
        return EMPTY;
    }

    /**
     * The effective, permitted and inheritable sets of the <em>calling thread</em>, as capget(2)
     * reports them. Capabilities are per thread: other threads of this JVM may differ unless
     * every change went through caps4j's process-wide operations ({@link ThreadCensus} shows
     * all threads).
     *
     * @return the calling thread's effective, permitted and inheritable sets
     * @throws CapabilityException if the shim is unavailable or capget fails
     */
    public static Caps fromProcess() {
        int[] words = new int[6];
        int result;
        try {
            result = Natives.shim().capget(0, words);
        } catch (KernelFailure unavailable) {
            throw Edge.translate(unavailable);
        }
        if (result < 0) {
            throw Edge.translate(Failures.failure("capget", -result, "for the calling thread",
                    ""));
        }
        return fromKernelWords(words);
    }

    /**
     * The sets of process {@code pid} (its main thread), as capget(2) reports them; works for
     * any process, without privilege.
     *
     * @param pid the process id, 1..2147483647
     * @return the process's effective, permitted and inheritable sets
     * @throws IllegalArgumentException if {@code pid} is not a positive 32-bit pid
     * @throws CapabilityException with ESRCH if there is no such process
     */
    public static Caps fromPid(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid " + pid
                    + " is not a process id: expected 1.." + Integer.MAX_VALUE
                    + " (use Caps.fromProcess() for the calling thread)");
        }
        int[] words = new int[6];
        int result = Edge.call(() -> Natives.shim().capget((int) pid, words));
        if (result == -Errno.ESRCH) {
            throw Edge.translate(Failures.failure("capget", Errno.ESRCH, "for pid " + pid,
                    "no process " + pid + " exists (it may have exited)"));
        }
        Edge.run(() -> Failures.check(result, "capget", "for pid " + pid));
        return fromKernelWords(words);
    }

    /**
     * Parses libcap text ({@code cap_from_text(3)}), e.g. {@code "cap_net_raw+ep"} or
     * {@code "=ep cap_sys_admin-e"}. "all" and a bare {@code =} mean the running kernel's
     * capabilities {@code 0..}{@link Caps4j#kernelLastCap()}.
     *
     * <p>Identical to libcap 2.66 except where it is deliberately stricter: capability numbers
     * must be plain decimal ({@code 010} and {@code 0x3f}, which C reads as octal 8 and hex 63,
     * are refused), a NUL character is refused instead of silently ending the text, and text
     * longer than 64 KiB is refused without parsing.
     *
     * @param text the libcap capability text
     * @return the value the text describes
     * @throws CapabilityFormatException with the input, position and what was expected
     */
    public static Caps parse(String text) {
        CapMasks masks;
        try {
            masks = CapText.parse(text, Edge.call(KernelUniverse::lastCap));
        } catch (TextSyntaxException refused) {
            throw new CapabilityFormatException(refused);
        }
        return new Caps(CapabilitySet.fromMask(masks.effective()),
                CapabilitySet.fromMask(masks.permitted()),
                CapabilitySet.fromMask(masks.inheritable()));
    }

    /** {@code out} in the kernel's layout {eff_lo, prm_lo, inh_lo, eff_hi, prm_hi, inh_hi}. */
    private static Caps fromKernelWords(int[] words) {
        return new Caps(
                CapabilitySet.fromMask(join(words[0], words[3])),
                CapabilitySet.fromMask(join(words[1], words[4])),
                CapabilitySet.fromMask(join(words[2], words[5])));
    }

    private static long join(int low, int high) {
        return (Integer.toUnsignedLong(high) << 32) | Integer.toUnsignedLong(low);
    }

    /**
     * The effective set: what the kernel checks when this value is a thread's state.
     *
     * @return the effective set (E)
     */
    public CapabilitySet effective() {
        return effective;
    }

    /**
     * The permitted set: the limit on the effective set.
     *
     * @return the permitted set (P)
     */
    public CapabilitySet permitted() {
        return permitted;
    }

    /**
     * The inheritable set: what may pass through execve(2).
     *
     * @return the inheritable set (I)
     */
    public CapabilitySet inheritable() {
        return inheritable;
    }

    /**
     * The set for {@code flag}.
     *
     * @param flag which of the three sets
     * @return that set
     */
    public CapabilitySet get(Flag flag) {
        return switch (flag) {
            case EFFECTIVE -> effective;
            case PERMITTED -> permitted;
            case INHERITABLE -> inheritable;
        };
    }

    /**
     * This value with the set for {@code flag} replaced.
     *
     * @param flag which of the three sets to replace
     * @param set the new set
     * @return a value with {@code set} for {@code flag} and the other two sets unchanged
     */
    public Caps with(Flag flag, CapabilitySet set) {
        return switch (flag) {
            case EFFECTIVE -> new Caps(set, permitted, inheritable);
            case PERMITTED -> new Caps(effective, set, inheritable);
            case INHERITABLE -> new Caps(effective, permitted, set);
        };
    }

    /**
     * This value with {@code capabilities} added to the set for {@code flag}.
     *
     * @param flag which of the three sets to add to
     * @param capabilities the capabilities to add
     * @return the changed value
     */
    public Caps add(Flag flag, Capability... capabilities) {
        return with(flag, get(flag).with(capabilities));
    }

    /**
     * This value with {@code capabilities} removed from the set for {@code flag}.
     *
     * @param flag which of the three sets to remove from
     * @param capabilities the capabilities to remove
     * @return the changed value
     */
    public Caps remove(Flag flag, Capability... capabilities) {
        return with(flag, get(flag).without(capabilities));
    }

    /**
     * E := P: every permitted capability becomes effective.
     *
     * @return this value with E replaced by P
     */
    public Caps activate() {
        return new Caps(permitted, permitted, inheritable);
    }

    /**
     * E := {}: nothing is effective, everything permitted stays available.
     *
     * @return this value with E empty
     */
    public Caps deactivate() {
        return new Caps(CapabilitySet.empty(), permitted, inheritable);
    }

    /**
     * I := P: every permitted capability may pass through execve(2).
     *
     * @return this value with I replaced by P
     */
    public Caps propagate() {
        return new Caps(effective, permitted, permitted);
    }

    /**
     * Makes this value the effective, permitted and inheritable sets of <em>every thread</em>
     * of the process, in one transaction: the calling thread first (if the kernel refuses
     * there, nothing changed anywhere), then every other thread from a signal handler, then a
     * census of {@code /proc/self/task} confirms each thread. Ambient capabilities that are no
     * longer both permitted and inheritable are dropped by the kernel; the bounding set is
     * unchanged. Threads created afterwards inherit the new sets.
     *
     * <p>The permitted set can only shrink. Adding to the inheritable set outside the
     * permitted set needs CAP_SETPCAP, which is borrowed for the transaction and dropped last.
     *
     * @throws CapabilityPermissionException if the kernel would refuse (checked before
     *     anything changes, naming the capability) or refused
     * @throws CapabilityException if any thread failed or ends in another state; the message
     *     names the threads
     */
    public void apply() {
        Edge.run(() -> Engine.apply("capset", Scope.CAPS, now -> now.withCaps(effective.mask(),
                permitted.mask(), inheritable.mask()).withAmbient(now.ambient()
                        & permitted.mask() & inheritable.mask())));
    }

    /**
     * As {@link #apply()} but for the calling thread only: other threads keep their
     * capabilities, which is rarely what a program wants (DESIGN: capabilities are per
     * thread). For experts, e.g. a dedicated thread that must hold a capability no other
     * thread has.
     *
     * @throws IllegalStateException on a virtual thread (its carrier thread would change)
     * @throws CapabilityPermissionException if the kernel would refuse or refused
     */
    public void applyToCurrentThread() {
        Edge.run(() -> Engine.applyToCurrentThread("capset", Scope.CAPS, now -> now.withCaps(effective.mask(),
                permitted.mask(), inheritable.mask()).withAmbient(now.ambient()
                        & permitted.mask() & inheritable.mask())));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Caps caps
                && caps.effective.equals(effective)
                && caps.permitted.equals(permitted)
                && caps.inheritable.equals(inheritable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(effective, permitted, inheritable);
    }

    /**
     * libcap's text form ({@code cap_to_text(3)}) for the running kernel, identical to what
     * {@code getpcaps} and {@code capsh} print: e.g. {@code =}, {@code cap_net_raw=ep},
     * {@code =ep cap_sys_admin-e}.
     */
    @Override
    public String toString() {
        return CapText.format(new CapMasks(effective.mask(), permitted.mask(),
                inheritable.mask()), Edge.call(KernelUniverse::lastCap));
    }
}
