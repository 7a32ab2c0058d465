/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * jqwik counterpart of {@link LibcapOracle#require()} for a whole container: skips it when
 * libcap.so.2 cannot be loaded, except in CI, where the tests run and fail on their first
 * {@code LibcapOracle.require()}.
 */
public final class RequiresLibcap implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (LibcapOracle.isAvailable() || Privileged.inCi()) {
            return SkipResult.doNotSkip();
        }
        return SkipResult.skip(LibcapOracle.unavailabilityCause());
    }
}
