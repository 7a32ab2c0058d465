/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.Objects;
import org.caps4j.internal.Errno;
import org.caps4j.internal.Failures;
import org.caps4j.internal.CredentialState;
import org.caps4j.internal.Engine;
import org.caps4j.internal.Scope;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.internal.Natives;
import org.caps4j.internal.text.IabMasks;
import org.caps4j.internal.text.IabText;
import org.caps4j.internal.text.TextSyntaxException;

/**
 * An immutable value of the capability state a process hands to the programs it executes, as
 * libcap's {@code cap_iab_t} models it: the <b>i</b>nheritable set, the <b>a</b>mbient set and
 * the capabilities <b>b</b>locked from the bounding set (libcap's "NB" vector: those
 * <em>not</em> in the bounding set).
 *
 * <p>The kernel only lets a capability be ambient while it is inheritable (and permitted), so
 * an ambient capability is always inheritable here too: {@link #of} adds every ambient
 * capability to the inheritable set, as libcap's {@code cap_iab_set_vector} does when it raises
 * an ambient bit. Blocked is independent of both: {@code !%cap_chown} is inheritable and
 * blocked.
 *
 * <p>{@link #toString()} is libcap's {@code cap_iab_to_text} form, e.g.
 * {@code !cap_net_raw,^cap_net_bind_service}, and {@link #parse(String)} its inverse.
 */
public final class Iab {
    private static final Iab EMPTY =
            new Iab(CapabilitySet.empty(), CapabilitySet.empty(), CapabilitySet.empty());

    private final CapabilitySet inheritable;
    private final CapabilitySet ambient;
    private final CapabilitySet blocked;

    private Iab(CapabilitySet inheritable, CapabilitySet ambient, CapabilitySet blocked) {
        this.inheritable = inheritable;
        this.ambient = ambient;
        this.blocked = blocked;
    }

    /**
     * The IAB with these sets; every capability of {@code ambient} is also made inheritable
     * (libcap's rule: raising an ambient bit raises the inheritable one).
     *
     * @param inheritable the inheritable set
     * @param ambient the ambient set
     * @param blocked the capabilities to keep out of the bounding set
     * @return the IAB, with {@code inheritable} widened by {@code ambient}
     */
    public static Iab of(CapabilitySet inheritable, CapabilitySet ambient,
            CapabilitySet blocked) {
        Objects.requireNonNull(inheritable, "inheritable");
        Objects.requireNonNull(ambient, "ambient");
        Objects.requireNonNull(blocked, "blocked");
        return new Iab(inheritable.union(ambient), ambient, blocked);
    }

    /**
     * Nothing inheritable, nothing ambient, nothing blocked (libcap text: the empty string).
     *
     * @return the empty IAB
     */
    public static Iab empty() {
        return EMPTY;
    }

    /**
     * The calling thread's IAB: I from capget(2), A from PR_CAP_AMBIENT_IS_SET, and as blocked
     * every capability of the running kernel ({@code 0..}{@link Caps4j#kernelLastCap()}) that
     * PR_CAPBSET_READ reports absent from the bounding set. After a process-wide
     * {@link #apply()} every thread has the same.
     *
     * @return the calling thread's IAB
     * @throws CapabilityException if the shim is unavailable or the kernel refuses a read
     */
    public static Iab fromProcess() {
        int[] words = new int[6];
        Edge.run(() -> Failures.check(Natives.shim().capget(0, words), "capget", "for the calling thread"));
        long inheritable = (Integer.toUnsignedLong(words[5]) << 32)
                | Integer.toUnsignedLong(words[2]);
        long blocked = Edge.call(KernelUniverse::allMask) & ~Bounding.read().mask();
        return new Iab(CapabilitySet.fromMask(inheritable), Ambient.read(),
                CapabilitySet.fromMask(blocked));
    }

    /**
     * Parses libcap IAB text ({@code cap_iab_from_text(3)}): a comma list of capabilities, each
     * with prefixes {@code !} (blocked), {@code ^} (ambient, so also inheritable) or {@code %}
     * (inheritable; also the meaning of no prefix), e.g. {@code "!cap_chown,^cap_net_raw"}.
     *
     * <p>Identical to libcap 2.66 except where deliberately stricter: numbers must be plain
     * decimal ({@code 010}, {@code 0x1f} refused), a NUL character is refused, and so are
     * prefixes at the end of the text with no capability after them ({@code "cap_chown,!"}),
     * which libcap silently ignores.
     *
     * @param text the libcap IAB text
     * @return the IAB the text describes
     * @throws CapabilityFormatException with the input, position and what was expected
     */
    public static Iab parse(String text) {
        IabMasks masks;
        try {
            masks = IabText.parse(text);
        } catch (TextSyntaxException refused) {
            throw new CapabilityFormatException(refused);
        }
        return of(CapabilitySet.fromMask(masks.inheritable()),
                CapabilitySet.fromMask(masks.ambient()), CapabilitySet.fromMask(masks.blocked()));
    }

    /**
     * The inheritable set; it includes every {@link #ambient()} capability.
     *
     * @return the inheritable set
     */
    public CapabilitySet inheritable() {
        return inheritable;
    }

    /**
     * The ambient set; always a subset of {@link #inheritable()}.
     *
     * @return the ambient set
     */
    public CapabilitySet ambient() {
        return ambient;
    }

    /**
     * The capabilities not in the bounding set (libcap's NB vector).
     *
     * @return the blocked capabilities
     */
    public CapabilitySet blocked() {
        return blocked;
    }

    /**
     * Makes every thread of the process have this IAB, in one verified transaction (see
     * {@link Caps#apply()}): the inheritable set becomes {@link #inheritable()}, the ambient set
     * {@link #ambient()}, and every {@link #blocked()} capability is dropped from the bounding
     * set. E and P are unchanged. Like libcap's {@code cap_iab_set_proc}, capabilities already
     * missing from the bounding set stay missing even if this IAB does not block them: the
     * kernel has no way to put one back.
     *
     * <p>Refused before anything changes when an ambient capability is not permitted (the
     * kernel would refuse to raise it), when a capability above the kernel's last one is to be
     * inheritable or ambient, or when the planner's preconditions fail (blocking or adding an
     * inheritable capability outside P needs CAP_SETPCAP).
     *
     * @throws CapabilityPermissionException if the request cannot work (nothing changed)
     * @throws CapabilityException if any thread failed or ends in another state
     */
    public void apply() {
        long unknown = (inheritable.mask() | ambient.mask()) & ~KernelUniverse.allMask();
        if (unknown != 0) {
            throw new IllegalArgumentException("IAB " + this + " names " + unknownNames(unknown)
                    + ", above this kernel's last capability " + KernelUniverse.lastCap()
                    + ": the kernel cannot make it inheritable or ambient");
        }
        Edge.run(() -> Engine.apply("cap_iab_set_proc", Scope.CAPS.and(Scope.bounding(blocked.mask()))
                .and(Scope.ambient(KernelUniverse.allMask())), now -> target(now)));
    }

    private CredentialState target(CredentialState now) {
        long notPermitted = ambient.mask() & ~now.permitted();
        if (notPermitted != 0) {
            String names = CapabilitySet.fromMask(notPermitted).toString();
            throw Failures.failure("cap_iab_set_proc", Errno.EPERM,
                    "to make " + names + " ambient", "An ambient capability must be permitted, "
                            + "and " + names + " is not in this process's permitted set "
                            + "(which can only shrink): start the program with it (run as root, "
                            + "or setcap " + names + "+p <program>, or AmbientCapabilities= in "
                            + "its systemd unit), or remove it from the IAB's ambient set");
        }
        return now.withCaps(now.effective(), now.permitted(), inheritable.mask())
                .withBounding(now.bounding() & ~blocked.mask())
                .withAmbient(ambient.mask());
    }

    private static String unknownNames(long mask) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < Long.SIZE; c++) {
            if ((mask & (1L << c)) != 0) {
                out.append(out.isEmpty() ? "" : ",").append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Iab that && inheritable.equals(that.inheritable)
                && ambient.equals(that.ambient) && blocked.equals(that.blocked);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inheritable, ambient, blocked);
    }

    /** libcap's cap_iab_to_text form on the running kernel, e.g. {@code !%cap_chown,^cap_kill}. */
    @Override
    public String toString() {
        return IabText.format(new IabMasks(inheritable.mask(), ambient.mask(), blocked.mask()),
                Edge.call(KernelUniverse::lastCap));
    }
}
