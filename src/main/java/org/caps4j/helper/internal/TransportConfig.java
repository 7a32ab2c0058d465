/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.util.List;

/**
 * The transport's limits and its self-description for {@code org.varlink.service.GetInfo}.
 *
 * @param maxFrameBytes the longest message accepted, its terminating NUL included
 * @param maxConnections open connections at most, all clients together
 * @param maxConnectionsPerUid open connections at most for one client uid
 * @param idleMillis a connection with no complete message for this long is closed
 * @param frameMillis a message must be complete this long after its first byte arrived
 * @param writeMillis a reply the client does not take within this long closes the connection
 * @param product GetInfo's product
 * @param version GetInfo's version
 * @param url GetInfo's url
 */
public record TransportConfig(int maxFrameBytes, int maxConnections, int maxConnectionsPerUid,
        int idleMillis, int frameMillis, int writeMillis, String product, String version,
        String url) {
    /** The Varlink service interface the transport answers itself. */
    static final String SERVICE_INTERFACE = "org.varlink.service";
    static final String GET_INFO = SERVICE_INTERFACE + ".GetInfo";

    /** GetInfo's interfaces: the service interface, then the handler's. */
    static List<String> interfaces(List<String> handlerInterfaces) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        all.add(SERVICE_INTERFACE);
        for (String name : handlerInterfaces) {
            if (!all.contains(name)) {
                all.add(name);
            }
        }
        return all;
    }
}
