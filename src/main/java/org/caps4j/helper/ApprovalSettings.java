/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.time.Duration;

/** Who approves, how long an id lives, and how many may wait (per uid and in total). */
record ApprovalSettings(int[] approverGroups, Duration timeToLive, int perUid, int total) {
    static final ApprovalSettings DEFAULT = new ApprovalSettings(new int[0],
            Duration.ofMinutes(5), 4, 64);
}
