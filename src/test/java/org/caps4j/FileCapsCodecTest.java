/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.caps4j.internal.VfsCapData;
import org.junit.jupiter.api.Test;

/** The security.capability codec and FileCaps' value rules; no native code, no privilege. */
class FileCapsCodecTest {
    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static VfsCapData.Value decode(String hex) throws Exception {
        byte[] bytes = hex(hex);
        return VfsCapData.decode(bytes, bytes.length);
    }

    @Test
    void knownLayoutsFromTheKernelHeader() throws Exception {
        // setcap cap_net_raw+ep: magic 0x02000001, permitted low word 1 << 13.
        VfsCapData.Value v2 = decode("0100000200200000000000000000000000000000");
        assertEquals(new VfsCapData.Value(2, true, 1L << 13, 0, -1), v2);
        // setcap -n 1000 cap_net_raw+ep: magic 0x03000001, ..., rootid 1000 (0x3e8).
        VfsCapData.Value v3 = decode("01000003" + "00200000" + "00000000" + "00000000" + "00000000" + "e8030000");
        assertEquals(new VfsCapData.Value(3, true, 1L << 13, 0, 1000), v3);
        // v1: one u32 pair; cap_chown+i, no effective bit.
        assertEquals(new VfsCapData.Value(1, false, 0, 1, -1), decode("000000010000000001000000"));
        // High words land in bits 32..63: cap_checkpoint_restore (40) permitted, 63 inheritable.
        assertEquals(new VfsCapData.Value(2, false, 1L << 40, 1L << 63, -1),
                decode("00000002" + "00000000" + "00000000" + "00010000" + "00000080"));
        assertArrayEquals(hex("0100000200200000000000000000000000000000"),
                VfsCapData.encode(new VfsCapData.Value(2, true, 1L << 13, 0, -1)));
    }

    @Test
    void malformedValuesSayWhatIsWrong() {
        assertTrue(assertThrows(VfsCapData.MalformedException.class,
                () -> decode("01000002002000000000000000000000")).getMessage()
                .equals("16 bytes for VFS_CAP_REVISION_2 (expected 20)"));
        assertTrue(assertThrows(VfsCapData.MalformedException.class,
                () -> decode("0100000400200000000000000000000000000000")).getMessage()
                .startsWith("unknown revision 0x04000000 in magic_etc 0x04000001"));
        assertTrue(assertThrows(VfsCapData.MalformedException.class,
                () -> decode("0100")).getMessage().contains("too short"));
        assertTrue(assertThrows(VfsCapData.MalformedException.class,
                () -> decode("010000030020000000000000000000000000000000")).getMessage()
                .contains("expected 24"));
    }

    @Provide
    Arbitrary<VfsCapData.Value> values() {
        Arbitrary<Integer> revisions = Arbitraries.integers().between(1, 3);
        Arbitrary<Long> masks = Arbitraries.longs();
        Arbitrary<Long> uids = Arbitraries.longs().between(0, 0xFFFFFFFFL);
        return Combinators.combine(revisions, Arbitraries.of(true, false), masks, masks, uids)
                .as((revision, effective, p, i, uid) -> new VfsCapData.Value(revision, effective,
                        revision == 1 ? p & 0xFFFFFFFFL : p, revision == 1 ? i & 0xFFFFFFFFL : i,
                        revision == 3 ? uid : -1));
    }

    @Property
    void decodeInvertsEncode(@ForAll("values") VfsCapData.Value value) throws Exception {
        byte[] bytes = VfsCapData.encode(value);
        assertEquals(new int[] {0, 12, 20, 24}[value.revision()], bytes.length);
        assertEquals(value, VfsCapData.decode(bytes, bytes.length));
    }

    @Property
    void encodeInvertsDecodeForEveryWellFormedValue(@ForAll @IntRange(min = 1, max = 3) int revision,
            @ForAll boolean effective, @ForAll byte[] body) throws Exception {
        int size = new int[] {0, 12, 20, 24}[revision];
        byte[] bytes = new byte[size];
        System.arraycopy(body, 0, bytes, 4, Math.min(body.length, size - 4));
        bytes[0] = (byte) (effective ? 1 : 0);
        bytes[3] = (byte) revision;
        assertArrayEquals(bytes, VfsCapData.encode(VfsCapData.decode(bytes, size)));
    }

    @Property
    void fileCapsOfKeepsEveryValidShape(@ForAll long p, @ForAll long i, @ForAll boolean effective) {
        CapabilitySet permitted = CapabilitySet.fromMask(p);
        CapabilitySet inheritable = CapabilitySet.fromMask(i);
        CapabilitySet e = effective ? permitted.union(inheritable) : CapabilitySet.empty();
        Caps caps = Caps.of(e, permitted, inheritable);
        FileCaps file = FileCaps.of(caps);
        assertEquals(caps, file.caps());
        assertEquals(FileCaps.Revision.V2, file.revision());
        assertEquals(OptionalLong.empty(), file.rootUid());
        assertEquals(effective && (p | i) != 0, file.effectiveBit());
        assertEquals(caps.toString(), file.toString());
        FileCaps ns = FileCaps.of(caps, 1000);
        assertEquals(FileCaps.Revision.V3, ns.revision());
        assertEquals(OptionalLong.of(1000), ns.rootUid());
        assertFalse(ns.equals(file));
    }

    @Test
    void anEffectiveSetThatIsNeitherEmptyNorPermittedOrInheritableIsRefusedWithTheRule() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FileCaps.of(Caps.parse("cap_net_raw+ep cap_chown+p")));
        assertEquals("file capabilities have one effective bit, not an effective set: the "
                + "effective set must be empty (e.g. cap_net_raw+p) or equal to permitted | "
                + "inheritable (e.g. cap_net_raw+ep), but 'cap_net_raw=ep cap_chown+p' has "
                + "effective {cap_net_raw} and permitted | inheritable {cap_chown,cap_net_raw}",
                refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FileCaps.of(Caps.parse("cap_net_raw+e")));
        assertThrows(IllegalArgumentException.class, () -> FileCaps.of(Caps.empty(), -1));
        assertThrows(IllegalArgumentException.class,
                () -> FileCaps.of(Caps.empty(), 0xFFFFFFFFL));
        assertEquals("cap_net_raw=ep", FileCaps.of(Caps.parse("cap_net_raw+ep")).toString());
        Caps mixed = Caps.parse("cap_net_raw+p cap_chown+i cap_net_raw,cap_chown+e");
        FileCaps file = FileCaps.of(mixed);
        assertTrue(file.effectiveBit());
        assertEquals(mixed, file.caps());
        assertEquals(mixed.toString(), file.toString());
    }
}
