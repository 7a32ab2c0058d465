/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * caps4j: Linux capabilities for the JVM.
 *
 * <p>Only {@code org.caps4j} is exported. The native seam ({@code org.caps4j.internal}) and the
 * command-line demo ({@code org.caps4j.cli}) are implementation details. JNA is needed only on
 * JDK 17 to 21 (the JNA backend); on JDK 22 and newer the FFM backend needs nothing.
 */
module org.caps4j {
    requires static com.sun.jna;

    exports org.caps4j;
}
