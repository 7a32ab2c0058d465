/**
 * caps4j: Linux capabilities for the JVM.
 *
 * <p>Only {@code org.caps4j} is exported. The native seam ({@code org.caps4j.internal}) and the
 * command-line demo ({@code org.caps4j.cli}) are implementation details.
 */
module org.caps4j {
    exports org.caps4j;
}
