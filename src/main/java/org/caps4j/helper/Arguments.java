/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.nio.file.Path;
import java.util.Map;

/**
 * The parameters of one call after validation: every declared parameter is present and passed
 * its declaration, and nothing else is here.
 */
public final class Arguments {
    private final Map<String, Object> values;

    Arguments(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * {@return the value of a string or allow-list parameter}
     *
     * @param name the parameter's declared name
     * @throws IllegalArgumentException if no string parameter has that name
     */
    public String string(String name) {
        return get(name, String.class);
    }

    /**
     * {@return the value of an integer parameter}
     *
     * @param name the parameter's declared name
     * @throws IllegalArgumentException if no integer parameter has that name
     */
    public long integer(String name) {
        return get(name, Long.class);
    }

    /**
     * {@return the real path of a path parameter, under one of its roots} Open it with
     * {@link java.nio.file.LinkOption#NOFOLLOW_LINKS}.
     *
     * @param name the parameter's declared name
     * @throws IllegalArgumentException if no path parameter has that name
     */
    public Path path(String name) {
        return get(name, Path.class);
    }

    private <T> T get(String name, Class<T> type) {
        Object value = values.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("no " + type.getSimpleName() + " parameter '"
                    + name + "' is declared");
        }
        return type.cast(value);
    }

    /** {@return the value of {@code name} as text, for program arguments} */
    String text(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' is declared");
        }
        return value.toString();
    }
}
