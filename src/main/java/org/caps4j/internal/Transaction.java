/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * What the shim applies on a thread ({@code struct caps4j_transaction}): the op list planned
 * from one state, the target, and the fields each thread compares before running the list (a
 * thread already at the target skips it) and reads back afterwards. Of the bounding and
 * ambient sets only {@code boundingBits} and {@code ambientBits} are compared.
 */
public record Transaction(int fields, long boundingBits, long ambientBits,
        CredentialState target, OpList ops) {}
