/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;


/**
 * When a step fails on the calling thread (which runs the list first, before any other thread
 * is signalled), the earlier steps have already changed it. This puts it back where the kernel
 * allows (a plan from its state now to its state before) and builds the exception that says
 * exactly which: restored, or left changed and how.
 */
final class CallerRollback {
    private CallerRollback() {}

    static KernelFailure failure(String operation, Planner.Plan plan, int step, int errno,
            CredentialState before, String others) {
        NativeShim shim = Natives.shim();
        int tid = shim.gettid();
        String outcome;
        CredentialState after = CredentialState.ofCallingThread();
        if (after.differingFields(before) == 0) {
            outcome = "the calling thread is unchanged";
        } else {
            String undo = restore(operation, after, before, shim);
            CredentialState now = CredentialState.ofCallingThread();
            outcome = now.differingFields(before) == 0
                    ? "the calling thread was changed by the earlier steps and has been "
                            + "restored to its prior state"
                    : "the calling thread (tid " + tid + ") is left changed: "
                            + now.differences(before, Fields.ALL, "was") + " (" + undo + ")";
        }
        return Failures.failure(plan.ops().describe(step), errno, "on the calling thread at "
                + "step " + step + " of " + operation + "; " + outcome + "; " + others, "");
    }

    /** Tries to run the undo plan; says how that went. */
    private static String restore(String operation, CredentialState now, CredentialState before,
            NativeShim shim) {
        Planner.Plan undo;
        try {
            undo = Planner.plan(operation + " rollback", now, before,
                    new Scope(Fields.ALL, now.bounding() | before.bounding(),
                            now.ambient() | before.ambient()));
        } catch (KernelFailure | IllegalArgumentException refused) {
            return "it cannot be restored: " + refused.getMessage();
        }
        NativeShim.RunResult result = shim.run(undo.transaction());
        return result.result() < 0 ? "restoring it failed at " + undo.ops().describe(
                result.failedStep()) + ": " + Errno.describe(-result.result()) : "restored";
    }
}
