package org.caps4j.internal;

import org.caps4j.CapabilityException;

/**
 * Orders the steps that take a thread from its current state to a target state, and checks
 * the kernel's preconditions first so a request that cannot work fails before anything
 * changes (DESIGN §2):
 * <ol>
 *   <li>if CAP_SETPCAP is needed (bounding drops, or inheritable bits outside P) and not
 *       effective: capset shrinking E to what the target keeps, plus CAP_SETPCAP;</li>
 *   <li>bounding drops;</li>
 *   <li>capset to the target E/P/I (E and P shrink together, atomically), keeping CAP_SETPCAP
 *       if it is still needed for step 5;</li>
 *   <li>ambient changes (after P and I, which bound them);</li>
 *   <li>capset to the exact target: CAP_SETPCAP is dropped last.</li>
 * </ol>
 */
public final class Planner {
    static final long SETPCAP = 1L << 8;

    /** The steps and the state every thread must be in afterwards. */
    public record Plan(OpList ops, KernelState expected) {}

    private Planner() {}

    public static Plan plan(String operation, KernelState now, KernelState target) {
        check(operation, now, target);
        long dropBounding = now.bounding() & ~target.bounding();
        long newInheritable = target.inheritable() & ~now.inheritable();
        boolean needSetpcap = dropBounding != 0 || (newInheritable & ~now.permitted()) != 0;
        boolean borrowSetpcap = needSetpcap && (target.effective() & SETPCAP) == 0;

        OpList.Builder ops = OpList.builder();
        long e = now.effective(), p = now.permitted(), i = now.inheritable();
        if (needSetpcap) {
            long shrunk = (now.effective() & target.effective()) | SETPCAP;
            if (shrunk != e) {
                ops.capset(shrunk, p, i);
                e = shrunk;
            }
            if (dropBounding != 0) {
                ops.boundingDrop(dropBounding);
            }
        }
        long mainE = target.effective() | (borrowSetpcap ? SETPCAP : 0);
        long mainP = target.permitted() | (borrowSetpcap ? SETPCAP : 0);
        if (mainE != e || mainP != p || target.inheritable() != i) {
            ops.capset(mainE, mainP, target.inheritable());
        }
        // The kernel lowers ambient bits that are no longer in both P and I.
        long ambient = now.ambient() & mainP & target.inheritable();
        if (target.ambient() == 0 && ambient != 0) {
            ops.ambientClear();
        } else {
            if ((ambient & ~target.ambient()) != 0) {
                ops.ambientLower(ambient & ~target.ambient());
            }
            if ((target.ambient() & ~ambient) != 0) {
                ops.ambientRaise(target.ambient() & ~ambient);
            }
        }
        if (borrowSetpcap && (mainE != target.effective() || mainP != target.permitted())) {
            ops.capset(target.effective(), target.permitted(), target.inheritable());
        }
        return new Plan(ops.build(), target);
    }

    private static void check(String operation, KernelState now, KernelState target) {
        long notPermitted = target.effective() & ~target.permitted();
        if (notPermitted != 0) {
            throw refuse(operation, "effective set names " + KernelState.names(notPermitted)
                    + ", which the permitted set lacks",
                    "A capability can only be effective while it is permitted: add it to the "
                            + "permitted set or remove it from the effective set");
        }
        long gained = target.permitted() & ~now.permitted();
        if (gained != 0) {
            throw refuse(operation, "to add " + KernelState.names(gained)
                    + " to the permitted set", "The permitted set can only shrink; start the "
                    + "program with it: run as root, or grant it with setcap "
                    + KernelState.names(gained) + "+p <program>, or "
                    + "AmbientCapabilities= in its systemd unit");
        }
        if ((target.bounding() & ~now.bounding()) != 0) {
            throw new IllegalArgumentException("the bounding set can only shrink: "
                    + KernelState.names(target.bounding() & ~now.bounding())
                    + " is not in it any more");
        }
        long newInheritable = target.inheritable() & ~now.inheritable();
        if ((newInheritable & ~target.bounding()) != 0) {
            throw refuse(operation, "to add " + KernelState.names(newInheritable
                    & ~target.bounding()) + " to the inheritable set",
                    "It is not in the bounding set, so no thread can ever regain it");
        }
        boolean needSetpcap = (now.bounding() & ~target.bounding()) != 0
                || (newInheritable & ~now.permitted()) != 0;
        if (needSetpcap && (now.permitted() & SETPCAP) == 0) {
            String what = (now.bounding() & ~target.bounding()) != 0
                    ? "to drop " + KernelState.names(now.bounding() & ~target.bounding())
                            + " from the bounding set"
                    : "to add " + KernelState.names(newInheritable & ~now.permitted())
                            + " to the inheritable set";
            throw refuse(operation, what, "This needs CAP_SETPCAP in the permitted set, which "
                    + "this process lacks: run as root, or grant it with setcap cap_setpcap+p "
                    + "<program>, or AmbientCapabilities=CAP_SETPCAP in its systemd unit");
        }
        long ambientOutside = target.ambient() & ~(target.permitted() & target.inheritable());
        if (ambientOutside != 0) {
            throw refuse(operation, "to raise " + KernelState.names(ambientOutside)
                    + " in the ambient set", "An ambient capability must be both permitted "
                    + "and inheritable: add it to the inheritable set first, e.g. "
                    + "Caps.fromProcess().add(Flag.INHERITABLE, ...).apply()");
        }
    }

    private static CapabilityException refuse(String operation, String what, String hint) {
        return Failures.failure(operation, Errno.EPERM, what, hint);
    }
}
