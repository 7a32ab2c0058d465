package org.caps4j.internal;

import java.util.Optional;

/**
 * Whether the native shim can be used in this JVM, and the shim itself.
 *
 * <p>Discovery degrades gracefully ({@link #unavailabilityCause()}); any operation that needs the
 * kernel calls {@link #shim()}, which throws with the cause instead of returning a default.
 */
public final class Natives {
    static final String NATIVE_ACCESS_HINT = "run java with --enable-native-access=org.caps4j "
            + "(module path) or --enable-native-access=ALL-UNNAMED (class path), or put "
            + "'Enable-Native-Access: ALL-UNNAMED' in the manifest of an executable jar";

    private Natives() {}

    private static final class Holder {
        static final Throwable CAUSE = probe();
    }

    private static Throwable probe() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return new UnsupportedOperationException("caps4j needs Linux; this is "
                    + System.getProperty("os.name"));
        }
        Module module = Natives.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String who = module.isNamed() ? "module " + module.getName() : "the class path";
            return new IllegalCallerException("native access is not enabled for " + who + ": "
                    + NATIVE_ACCESS_HINT);
        }
        try {
            return FfmShim.INSTANCE == null ? new IllegalStateException("shim not initialized") : null;
        } catch (ExceptionInInitializerError e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (LinkageError e) {
            return e;
        }
    }

    public static boolean isAvailable() {
        return Holder.CAUSE == null;
    }

    public static Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(Holder.CAUSE);
    }

    /** The shim, or a {@link KernelFailure} that says why it cannot be used. */
    public static NativeShim shim() {
        Throwable cause = Holder.CAUSE;
        if (cause != null) {
            throw new KernelFailure("load libcaps4j", 0, "",
                    cause.getMessage(), cause);
        }
        return FfmShim.INSTANCE;
    }
}
