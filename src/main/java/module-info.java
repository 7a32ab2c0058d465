/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * caps4j: Linux capabilities for the JVM.
 *
 * <p>{@code org.caps4j} and {@code org.caps4j.helper} are exported. The native seam ({@code org.caps4j.internal}) and the
 * command-line demo ({@code org.caps4j.cli}) are implementation details. JNA is needed only on
 * JDK 17 to 21 (the JNA backend); on JDK 22 and newer the FFM backend needs nothing.
 * Jackson databind is needed only by {@code org.caps4j.helper}.
 */
module org.caps4j {
    requires static com.sun.jna;
    requires static com.fasterxml.jackson.databind;

    exports org.caps4j;
    exports org.caps4j.helper;
}
