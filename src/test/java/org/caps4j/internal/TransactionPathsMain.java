package org.caps4j.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Ambient;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root) for failure paths and combined transactions, with 4 pool workers alive.
 * Scenario in args[0]:
 * <ul>
 *   <li>{@code kernel-eperm}: a raw op list dropping from the bounding set while CAP_SETPCAP is
 *       permitted but not effective: the kernel refuses on the calling thread;</li>
 *   <li>{@code injected}: keep-caps on, then an injected EIO: reported with its step,
 *       keep-caps off again;</li>
 *   <li>{@code ambient}: L6/L7 through the public API and one combined P/I/A/B transaction.</li>
 * </ul>
 */
public final class TransactionPathsMain {
    static final String[] FIELDS = ProcTasks.CAP_FIELDS;
    static final long NET_BIND = 1L << 10, NET_RAW = 1L << 13, SYS_TIME = 1L << 25;

    public static void main(String[] args) throws Throwable {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        switch (args[0]) {
            case "kernel-eperm" -> kernelEperm();
            case "injected" -> injected();
            case "ambient" -> ambient();
            case "current-thread" -> currentThread();
            case "glibc-setxid" -> glibcSetxid();
            case "unprivileged" -> unprivileged();
            default -> throw new IllegalArgumentException(args[0]);
        }
        pool.shutdownNow();
    }

    private static void kernelEperm() {
        Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.SETPCAP).apply();
        ProcTasks.print("before", FIELDS);
        KernelState now = KernelState.ofCallingThread();
        OpList ops = OpList.builder().boundingDrop(NET_RAW).build();
        attempt(() -> Transactions.run("test", ops, now.withBounding(now.bounding() & ~NET_RAW)));
        ProcTasks.print("after", FIELDS);
    }

    private static void injected() {
        ProcTasks.print("before", FIELDS);
        KernelState now = KernelState.ofCallingThread();
        OpList ops = OpList.builder().keepCaps(true).injectFailure(5 /* EIO */).build();
        attempt(() -> Transactions.run("test", ops, now));
        System.out.println("firstMessage=" + lastMessage);
        System.out.println("keepCaps=" + Natives.shim().readKeepCaps());
        ProcTasks.print("after", FIELDS);
        // Fails on every thread but the caller: reported after one retry, naming the threads.
        OpList others = OpList.builder().injectFailureExcept(5, Natives.shim().gettid()).build();
        int before = ProcTasks.read().size();
        attempt(() -> Transactions.run("test", others, now));
        System.out.println("othersTasks=" + before);
    }

    private static void ambient() {
        // L6: raise needs the capability in I (and P): refused before anything changes.
        ProcTasks.print("start", FIELDS);
        attempt(() -> Ambient.raise(Capability.NET_BIND_SERVICE));
        ProcTasks.print("refused", FIELDS);
        Caps.fromProcess().add(Flag.INHERITABLE, Capability.NET_BIND_SERVICE,
                Capability.NET_RAW).apply();
        Ambient.raise(Capability.NET_BIND_SERVICE, Capability.NET_RAW);
        ProcTasks.print("raised", FIELDS);
        Ambient.lower(Capability.NET_RAW);
        ProcTasks.print("lowered", FIELDS);
        // Dropping I drops A on every thread.
        Caps.fromProcess().remove(Flag.INHERITABLE, Capability.NET_BIND_SERVICE).apply();
        ProcTasks.print("inheritableDropped", FIELDS);
        Caps.fromProcess().add(Flag.INHERITABLE, Capability.NET_BIND_SERVICE).apply();
        Ambient.raise(Capability.NET_BIND_SERVICE);
        Ambient.clear();
        ProcTasks.print("cleared", FIELDS);
        // L7: P, I, A and B in one transaction, CAP_SETPCAP borrowed and dropped last.
        KernelState now = KernelState.ofCallingThread();
        long p = NET_BIND | NET_RAW;
        Transactions.applyToAllThreads("combined", s -> new KernelState(NET_BIND, p, p,
                s.bounding() & ~SYS_TIME, NET_RAW));
        System.out.println("combined.before=" + Long.toHexString(now.bounding()));
        ProcTasks.print("combined", FIELDS);
    }

    /**
     * glibc's own all-threads setresuid (signal 33, SI_TKILL) still works once our handler is
     * installed (its deliveries are chained to glibc's handler), and ours keeps working after.
     */
    @SuppressWarnings("restricted")
    private static void glibcSetxid() throws Throwable {
        Caps full = Caps.fromProcess();
        full.remove(Flag.EFFECTIVE, Capability.NET_RAW).apply();
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle setresgid = linker.downcallHandle(
                linker.defaultLookup().find("setresgid").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_INT));
        int rc = (int) setresgid.invokeExact(0, 12345, 0); // saved gid: visible on every task
        System.out.println("setresgid=" + rc);
        ProcTasks.print("glibc", "Gid");
        full.apply();
        ProcTasks.print("after", FIELDS);
    }

    /** applyToCurrentThread changes exactly one task; refused on a virtual thread. */
    private static void currentThread() throws Exception {
        Thread virtual = Thread.ofVirtual().start(() -> {
            try {
                Caps.empty().applyToCurrentThread();
                System.out.println("virtual=none");
            } catch (IllegalStateException e) {
                System.out.println("virtual=" + e.getMessage());
            }
        });
        virtual.join();
        ProcTasks.print("before", FIELDS);
        Caps.empty().applyToCurrentThread();
        System.out.println("self.CapEff=" + Long.toHexString(Caps.fromProcess().effective().mask()));
        ProcTasks.print("after", FIELDS);
    }

    /** As nobody without capabilities: refusals name the capability; a pure drop works. */
    private static void unprivileged() {
        attempt(() -> org.caps4j.Bounding.drop(Capability.NET_RAW));
        System.out.println("boundingMessage=" + lastMessage);
        attempt(() -> Caps.empty().add(Flag.PERMITTED, Capability.NET_RAW).apply());
        System.out.println("permittedMessage=" + lastMessage);
        Caps.empty().apply();
        ProcTasks.print("after", FIELDS);
    }

    private static String lastMessage = "";

    private static void attempt(Runnable action) {
        try {
            action.run();
            System.out.println("thrown=none");
        } catch (CapabilityException e) {
            System.out.println("thrown=" + e.getClass().getSimpleName());
            System.out.println("errno=" + e.errnoName());
            System.out.println("message=" + e.getMessage());
            lastMessage = e.getMessage();
        }
    }
}
