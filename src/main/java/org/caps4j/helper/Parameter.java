/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.caps4j.helper.internal.PathConfinement;

/**
 * One declared parameter of an {@link Operation}: its name and what a value must be. Every
 * declared parameter is required, and a request with any parameter not declared is refused.
 *
 * <p>Strings never contain control characters (NUL, newline, ...) whatever the pattern says,
 * are at most the declared length, and must match the pattern as a whole (it is anchored at
 * both ends). A path is confined to its roots: no {@code ..} segment, absolute paths only under
 * a root, relative ones taken from the first root, and after resolving every symlink of the
 * part that exists the real path must still lie under a root's real path.
 */
public final class Parameter {
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9_]{0,63}");

    @FunctionalInterface
    private interface Check {
        Optional<Object> value(JsonNode node);
    }

    private final String name;
    private final Check check;

    private Parameter(String name, Check check) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("parameter names match " + NAME + ": " + name);
        }
        this.name = name;
        this.check = check;
    }

    /**
     * A string that matches {@code regex} as a whole and has at most {@code maxLength} chars.
     *
     * @param name the parameter's name ({@code [a-z][A-Za-z0-9_]*})
     * @param regex a {@link Pattern}, e.g. {@code [a-z][a-z0-9-]{0,62}}; prefer a pattern that
     *     cannot start with {@code -}
     * @param maxLength the largest accepted length, at least 1
     * @return the declaration
     */
    public static Parameter string(String name, String regex, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1");
        }
        Pattern pattern = Pattern.compile(regex);
        return new Parameter(name, node -> text(node).filter(s -> s.length() <= maxLength
                && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
                && pattern.matcher(s).matches()).map(s -> s));
    }

    /**
     * A string that is exactly one of {@code allowed}.
     *
     * @param name the parameter's name
     * @param allowed the accepted values
     * @return the declaration
     */
    public static Parameter oneOf(String name, String... allowed) {
        Set<String> values = Set.of(allowed);
        return new Parameter(name, node -> text(node).filter(values::contains).map(s -> s));
    }

    /**
     * A JSON integer from {@code min} to {@code max}, inclusive.
     *
     * @param name the parameter's name
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return the declaration
     */
    public static Parameter integer(String name, long min, long max) {
        return new Parameter(name, node -> node.isIntegralNumber() && node.canConvertToLong()
                && node.asLong() >= min && node.asLong() <= max
                ? Optional.of(node.asLong()) : Optional.empty());
    }

    /**
     * A path confined to {@code roots} (see the class comment); the operation gets its real
     * path. Paths are resolved on the worker thread, with the operation's capabilities.
     *
     * @param name the parameter's name
     * @param roots absolute directories; at least one
     * @return the declaration
     */
    public static Parameter path(String name, Path... roots) {
        List<Path> list = Arrays.asList(roots.clone());
        if (list.isEmpty() || list.stream().anyMatch(r -> !r.isAbsolute())) {
            throw new IllegalArgumentException("a path parameter needs absolute roots");
        }
        return new Parameter(name, node -> text(node).flatMap(s -> PathConfinement.confine(s,
                list)).map(p -> p));
    }

    /** {@return the parameter's name} */
    public String name() {
        return name;
    }

    /** The validated value of {@code node}, or the refusal naming this parameter. */
    Object validate(JsonNode node) throws InvalidArgument {
        Optional<Object> value = node == null ? Optional.empty() : check.value(node);
        if (value.isEmpty()) {
            throw new InvalidArgument(name);
        }
        return value.get();
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }
}
