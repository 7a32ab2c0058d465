/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code security.capability} xattr value, as {@code <linux/capability.h>} lays it out
 * (all fields little-endian):
 * <pre>
 * struct vfs_cap_data    { __le32 magic_etc; struct { __le32 permitted, inheritable; } data[N]; };
 * struct vfs_ns_cap_data { __le32 magic_etc; struct { ... } data[2]; __le32 rootid; };
 * </pre>
 * {@code magic_etc} is {@code VFS_CAP_REVISION_1/2/3} ({@code 0x01000000}, {@code 0x02000000},
 * {@code 0x03000000}, mask {@code 0xFF000000}) ORed with {@code VFS_CAP_FLAGS_EFFECTIVE}
 * ({@code 0x000001}). Revision 1 holds one u32 pair (caps 0..31, 12 bytes), revision 2 two pairs
 * (caps 0..63, 20 bytes), revision 3 two pairs and the namespace root uid (24 bytes).
 *
 * <p>Decoding accepts exactly what the kernel's {@code get_vfs_caps_from_disk} accepts (the
 * size must match the revision; other {@code magic_etc} bits are ignored, as the kernel does)
 * and keeps every bit of the masks, named or not.
 */
public final class VfsCapData {
    public static final int REVISION_MASK = 0xFF000000;
    public static final int REVISION_1 = 0x01000000;
    public static final int REVISION_2 = 0x02000000;
    public static final int REVISION_3 = 0x03000000;
    public static final int FLAGS_EFFECTIVE = 0x000001;
    public static final int SIZE_1 = 12;
    public static final int SIZE_2 = 20;
    public static final int SIZE_3 = 24;
    /** Larger than any valid value, so an oversized xattr is seen (ERANGE) rather than cut. */
    public static final int MAX_SIZE = 64;

    /**
     * One decoded value; {@code revision} is 1, 2 or 3, {@code rootId} the u32 root uid
     * (0..0xFFFFFFFF) for revision 3 and -1 otherwise.
     */
    public record Value(int revision, boolean effective, long permitted, long inheritable,
            long rootId) {
        public Value {
            if (revision < 1 || revision > 3) {
                throw new IllegalArgumentException("revision must be 1, 2 or 3: " + revision);
            }
            if ((revision == 3) != (rootId >= 0) || rootId > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("a root uid (0..4294967295) comes with "
                        + "revision 3 and only there: revision " + revision + ", root uid " + rootId);
            }
            if (revision == 1 && ((permitted | inheritable) >>> 32) != 0) {
                throw new IllegalArgumentException("revision 1 holds capabilities 0..31 only");
            }
        }
    }

    /** Thrown by {@link #decode} with what is wrong, for the caller to name the file. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String reason) {
            super(reason);
        }
    }

    private VfsCapData() {}

    public static Value decode(byte[] bytes, int length) throws MalformedException {
        if (length < 4) {
            throw new MalformedException(length + " bytes, too short for magic_etc");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt();
        int revision;
        int expected;
        switch (magic & REVISION_MASK) {
            case REVISION_1 -> { revision = 1; expected = SIZE_1; }
            case REVISION_2 -> { revision = 2; expected = SIZE_2; }
            case REVISION_3 -> { revision = 3; expected = SIZE_3; }
            default -> throw new MalformedException(String.format(
                    "unknown revision 0x%08x in magic_etc 0x%08x (known: VFS_CAP_REVISION_1/2/3)",
                    magic & REVISION_MASK, magic));
        }
        if (length != expected) {
            throw new MalformedException(length + " bytes for VFS_CAP_REVISION_" + revision
                    + " (expected " + expected + ")");
        }
        long permitted = Integer.toUnsignedLong(in.getInt());
        long inheritable = Integer.toUnsignedLong(in.getInt());
        if (revision > 1) {
            permitted |= Integer.toUnsignedLong(in.getInt()) << 32;
            inheritable |= Integer.toUnsignedLong(in.getInt()) << 32;
        }
        long rootId = revision == 3 ? Integer.toUnsignedLong(in.getInt()) : -1;
        return new Value(revision, (magic & FLAGS_EFFECTIVE) != 0, permitted, inheritable, rootId);
    }

    public static byte[] encode(Value value) {
        int size = switch (value.revision()) {
            case 1 -> SIZE_1;
            case 2 -> SIZE_2;
            default -> SIZE_3;
        };
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((value.revision() << 24) | (value.effective() ? FLAGS_EFFECTIVE : 0));
        out.putInt((int) value.permitted());
        out.putInt((int) value.inheritable());
        if (value.revision() > 1) {
            out.putInt((int) (value.permitted() >>> 32));
            out.putInt((int) (value.inheritable() >>> 32));
        }
        if (value.revision() == 3) {
            out.putInt((int) value.rootId());
        }
        return out.array();
    }
}
