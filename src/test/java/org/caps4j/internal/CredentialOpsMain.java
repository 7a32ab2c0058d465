package org.caps4j.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.CapabilityException;
import org.caps4j.SecureBits;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root, 4 pool workers) for the new op kinds below the public API's own checks.
 * {@code kernel-securebits}: after SecureBits.lock(), a raw op list that clears NOROOT reaches
 * the kernel, which refuses on the calling thread. {@code groups-failure}: keep-caps on,
 * setgroups with 7 gids (two GROUP_DATA ops), an injected EIO on every thread but the caller,
 * keep-caps off: the workers ran setgroups in the handler, failed, and have keep-caps off.
 */
public final class CredentialOpsMain {
    static final String[] FIELDS = {"Groups", "Uid", "Gid", "CapEff", "CapPrm", "NoNewPrivs"};

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        NativeShim shim = Natives.shim();
        KernelState now = KernelState.ofCallingThread();
        if (args[0].equals("kernel-securebits")) {
            SecureBits.lock();
            int bits = shim.readSecurebits();
            ProcTasks.print("before", FIELDS);
            OpList ops = OpList.builder().securebits(bits & ~1).build();
            attempt(() -> Transactions.run("test", ops, now));
            System.out.println("main.securebits=" + shim.readSecurebits());
            System.out.println("worker.securebits=" + pool.submit(shim::readSecurebits).get());
            ProcTasks.print("after", FIELDS);
        } else {
            ProcTasks.print("before", FIELDS);
            int caller = shim.gettid();
            OpList ops = OpList.builder().keepCaps(true)
                    .setgroups(new int[] {7, 1, 2, 3, 4, 5, 100000})
                    .injectFailureExcept(5 /* EIO */, caller).keepCaps(false).build();
            System.out.println("ops=" + ops.size());
            attempt(() -> Transactions.run("test", ops, now));
            System.out.println("main.keepCaps=" + shim.readKeepCaps());
            for (int i = 0; i < 4; i++) {
                System.out.println("worker" + i + ".keepCaps=" + pool.submit(shim::readKeepCaps)
                        .get());
            }
            ProcTasks.print("after", FIELDS);
        }
        pool.shutdownNow();
    }

    private static void attempt(Runnable transaction) {
        try {
            transaction.run();
            System.out.println("thrown=none");
        } catch (CapabilityException e) {
            System.out.println("thrown=" + e.getClass().getSimpleName() + "|" + e.errnoName()
                    + "|" + e.getMessage());
        }
    }
}
