/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.caps4j.Ambient;
import org.caps4j.Bounding;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.NoNewPrivs;
import org.caps4j.SecureBit;
import org.caps4j.SecureBits;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;
import org.caps4j.internal.Natives;

/** The {@code --json} forms of {@code show}, {@code decode} and {@code parse}. */
final class JsonReports {
    private JsonReports() {}

    /** {@code {"mask": "0x...", "names": [...]}}; numbers without a name are written as such. */
    static Map<String, Object> set(CapabilitySet set) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mask", String.format("0x%016x", set.mask()));
        json.put("names", set.numbers().mapToObj(n -> Capability.ofNumber(n)
                .map(Capability::capName).orElse(Integer.toString(n))).toList());
        return json;
    }

    /** {@code parse --json}: the three sets and libcap's canonical text. */
    static Map<String, Object> parsed(Caps caps) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Flag flag : Flag.values()) {
            json.put(flag.name().toLowerCase(Locale.ROOT), set(caps.get(flag)));
        }
        json.put("canonical", caps.toString());
        return json;
    }

    /** {@code show --json}: this process's state, the calling thread's ids, the census. */
    static Map<String, Object> process() {
        Caps caps = Caps.fromProcess();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("current", caps.toString());
        for (Flag flag : Flag.values()) {
            json.put(flag.name().toLowerCase(Locale.ROOT), set(caps.get(flag)));
        }
        json.put("bounding", set(Bounding.read()));
        json.put("ambient", set(Ambient.read()));
        SecureBits bits = SecureBits.read();
        List<Object> names = new ArrayList<>();
        for (SecureBit bit : SecureBit.values()) {
            if (bits.contains(bit)) {
                names.add(bit.name().toLowerCase(Locale.ROOT));
            }
        }
        json.put("securebits", bits.bits());
        json.put("securebits_set", names);
        json.put("no_new_privs", NoNewPrivs.isSet());
        ThreadCensus census = ThreadCensus.take();
        TaskCredentials self = census.task(Natives.shim().gettid()).orElseThrow();
        json.put("uids", ids(self.uids()));
        json.put("gids", ids(self.gids()));
        json.put("groups", Accounts.supplementaryGroups());
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("count", census.size());
        threads.put("uniform", census.isUniform());
        threads.put("differing", census.differing().stream().map(t -> (Object) t.tid())
                .toList());
        json.put("threads", threads);
        return json;
    }

    private static Map<String, Object> ids(TaskCredentials.Ids ids) {
        return ids(ids.real(), ids.effective(), ids.saved(), ids.filesystem());
    }

    /** The ids of {@code show --json} and {@code show PID --json}: real, effective, saved, fs. */
    static Map<String, Object> ids(long real, long effective, long saved, long filesystem) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("real", real);
        json.put("effective", effective);
        json.put("saved", saved);
        json.put("filesystem", filesystem);
        return json;
    }
}
