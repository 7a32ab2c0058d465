package org.caps4j.testing;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Real effects of capabilities, tried on the calling thread: bind :80, a raw socket. */
public final class NetEffects {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private NetEffects() {}

    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(),
                descriptor, options);
    }

    /** "ok" if 127.0.0.1:80 could be bound (and was released), else the exception text. */
    public static String bind80() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 80));
            return "ok";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ":" + e.getMessage().replace(' ', '_');
        }
    }

    /** "ok" if socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) succeeded, else "errno<N>". */
    public static String rawSocket() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, 2 /* AF_INET */, 3 /* SOCK_RAW */,
                    1 /* IPPROTO_ICMP */);
            if (fd < 0) {
                return "errno" + (int) ERRNO.get(state, 0L);
            }
            int ignored = (int) CLOSE.invokeExact(fd);
            return "ok";
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
