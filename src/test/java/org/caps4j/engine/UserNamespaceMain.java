/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Ambient;
import org.caps4j.Bounding;
import org.caps4j.Capability;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.Mode;
import org.caps4j.ThreadCensus;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM run under {@code unshare -r} (uid 0 with every capability, but only in a new user
 * namespace), 4 pool workers alive: Caps.apply() dropping cap_net_raw from E and P, a bounding
 * drop, an ambient raise, then Mode.set(NOPRIV); the census and the independent /proc reader
 * after each.
 */
public final class UserNamespaceMain {
    static final String[] FIELDS = {"CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb",
        "NoNewPrivs", "Uid"};

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(IdentityMain.WORKERS,
                IdentityMain.WORKERS, 1, TimeUnit.HOURS, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        try {
            report("start");
            Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.NET_RAW)
                    .remove(Flag.PERMITTED, Capability.NET_RAW).apply();
            report("dropped");
            Bounding.drop(Capability.SYS_BOOT);
            report("bounding");
            Caps.fromProcess().add(Flag.INHERITABLE, Capability.NET_BIND_SERVICE).apply();
            Ambient.raise(Capability.NET_BIND_SERVICE);
            report("ambient");
            System.out.println("ambient.workers=" + IdentityMain.onEveryWorker(pool,
                    () -> Ambient.read().toString()));
            System.out.println("mode.before=" + Mode.current());
            Mode.set(Mode.NOPRIV);
            report("nopriv");
            System.out.println("mode.after=" + Mode.current() + " workers "
                    + IdentityMain.onEveryWorker(pool, () -> Mode.current().toString()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String label) {
        ThreadCensus census = ThreadCensus.take();
        System.out.println(label + ".initialUserNamespace=" + census.inInitialUserNamespace());
        System.out.println(label + ".uniform=" + census.isUniform());
        ProcTasks.print(label, FIELDS);
    }
}
