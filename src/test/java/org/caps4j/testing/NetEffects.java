/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Real effects of capabilities, tried on the calling thread: bind :80, a raw socket. */
public final class NetEffects {
    private static final Function SOCKET = NativeLink.functionWithErrno(null, "socket");
    private static final Function CLOSE = NativeLink.function(null, "close");

    private NetEffects() {}

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
        try {
            int fd = SOCKET.invokeInt(new Object[] {2 /* AF_INET */, 3 /* SOCK_RAW */,
                1 /* IPPROTO_ICMP */});
            CLOSE.invokeInt(new Object[] {fd});
            return "ok";
        } catch (LastErrorException e) {
            return "errno" + e.getErrorCode();
        }
    }
}
