/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.caps4j.internal.FileXattr;
import org.caps4j.internal.KernelFailure;
import org.caps4j.internal.VfsCapData;

/**
 * The file capabilities of an executable: the {@code security.capability} extended attribute
 * that {@code setcap} writes and {@code getcap} prints, as an immutable value.
 *
 * <p>What the kernel does with it at execve(2): the new permitted set is
 * {@code (P_file & bounding) | (I_file & I_thread) | ambient}; if the file's single
 * <em>effective bit</em> is set, the new effective set is that whole permitted set, otherwise
 * only the ambient set. The file format therefore has no effective <em>set</em>:
 * {@link #effective()} is {@code P | I} when the bit is set and empty otherwise, and
 * {@link #of(Caps)} accepts only those two shapes. File caps on a {@code #!} script are
 * ignored; under no_new_privs they grant nothing.
 *
 * <p>Revisions: {@link Revision#V1} (capabilities 0..31, legacy), {@link Revision#V2}
 * (0..63, what {@link #of(Caps)} writes) and {@link Revision#V3}, which adds the uid that is
 * root in the user namespace the caps belong to ({@code setcap -n UID}): such caps only take
 * effect in a user namespace whose root maps to that uid, and grant nothing on the host.
 *
 * <p>Every operation opens the path once without following a symbolic link in its last
 * component, checks with fstat(2) that it is a regular file, and then reads or writes the
 * attribute of that inode only, so a path swapped after the check is never changed instead.
 * A symbolic link, a directory, a FIFO, a device or a missing file gives an {@link IOException}
 * naming the path. Writing or removing needs {@code CAP_SETFCAP} in the file's user namespace.
 * The kernel removes file capabilities when the file is written to or its owner changes
 * ({@code chown}, even to the same owner): set them after the file's final content and owner.
 */
public final class FileCaps {
    /** The {@code VFS_CAP_REVISION_*} of the attribute. */
    public enum Revision {
        /** {@code VFS_CAP_REVISION_1}: 32-bit sets, written by kernels before 2.6.25. */
        V1,
        /** {@code VFS_CAP_REVISION_2}: 64-bit sets. */
        V2,
        /** {@code VFS_CAP_REVISION_3}: 64-bit sets and a namespace root uid. */
        V3
    }

    private final CapabilitySet permitted;
    private final CapabilitySet inheritable;
    private final boolean effectiveBit;
    private final Revision revision;
    private final long rootUid; // -1 unless V3

    private FileCaps(VfsCapData.Value value) {
        this.permitted = CapabilitySet.fromMask(value.permitted());
        this.inheritable = CapabilitySet.fromMask(value.inheritable());
        this.effectiveBit = value.effective();
        this.revision = Revision.values()[value.revision() - 1];
        this.rootUid = value.rootId();
    }

    /**
     * Revision 2 file caps with P and I from {@code caps} and the effective bit set iff its
     * effective set is not empty.
     *
     * @param caps the permitted and inheritable sets, and an effective set of empty or
     *     {@code P | I}
     * @return the revision 2 file capabilities
     * @throws IllegalArgumentException if the effective set is neither empty nor {@code P | I}
     */
    public static FileCaps of(Caps caps) {
        return new FileCaps(value(caps, -1));
    }

    /**
     * Revision 3 file caps for the user namespace whose root is host uid {@code rootUid}
     * ({@code setcap -n rootUid}); otherwise as {@link #of(Caps)}. On the host they grant
     * nothing. A kernel reading back root uid 0 from the initial namespace may report
     * {@link Revision#V2}, since that is what such caps mean there.
     *
     * @param caps the sets, under the same effective rule as {@link #of(Caps)}
     * @param rootUid the host uid that is root in the user namespace, 0..4294967294
     * @return the revision 3 file capabilities
     * @throws IllegalArgumentException for the effective rule, or a uid outside 0..4294967294
     */
    public static FileCaps of(Caps caps, long rootUid) {
        if (rootUid < 0 || rootUid >= 0xFFFFFFFFL) {
            throw new IllegalArgumentException("root uid must be 0..4294967294: " + rootUid);
        }
        return new FileCaps(value(caps, rootUid));
    }

    private static VfsCapData.Value value(Caps caps, long rootUid) {
        Objects.requireNonNull(caps, "caps");
        CapabilitySet grantable = caps.permitted().union(caps.inheritable());
        if (!caps.effective().isEmpty() && !caps.effective().equals(grantable)) {
            throw new IllegalArgumentException("file capabilities have one effective bit, not an "
                    + "effective set: the effective set must be empty (e.g. cap_net_raw+p) or "
                    + "equal to permitted | inheritable (e.g. cap_net_raw+ep), but '" + caps
                    + "' has effective {" + caps.effective() + "} and permitted | inheritable {"
                    + grantable + "}");
        }
        return new VfsCapData.Value(rootUid < 0 ? 2 : 3, !caps.effective().isEmpty(),
                caps.permitted().mask(), caps.inheritable().mask(), rootUid);
    }

    /**
     * The file capabilities of the regular file {@code path}, or empty if it has none.
     *
     * @param path the file to read
     * @return the file's capabilities, or empty if it has no {@code security.capability}
     * @throws IOException if {@code path} is missing, a symbolic link or not a regular file,
     *     cannot be read, or holds a malformed attribute (the message says what is wrong)
     * @throws CapabilityException if the native shim is unavailable
     */
    public static Optional<FileCaps> read(Path path) throws IOException {
        Optional<byte[]> raw;
        try {
            raw = FileXattr.get(path);
        } catch (KernelFailure failure) {
            throw Edge.translate(failure);
        }
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FileCaps(VfsCapData.decode(raw.get(), raw.get().length)));
        } catch (VfsCapData.MalformedException e) {
            throw new FileSystemException(path.toString(), null,
                    "malformed security.capability xattr: " + e.getMessage());
        }
    }

    /**
     * Writes these file capabilities to the regular file {@code path}, replacing any. Needs
     * {@code CAP_SETFCAP}; the kernel clears them again on the next write or chown.
     *
     * @param path the file to write to
     * @throws IOException as {@link #read}, or {@link java.nio.file.AccessDeniedException}
     *     without CAP_SETFCAP
     */
    public void write(Path path) throws IOException {
        try {
            FileXattr.set(path, VfsCapData.encode(new VfsCapData.Value(revision.ordinal() + 1,
                    effectiveBit, permitted.mask(), inheritable.mask(), rootUid)));
        } catch (KernelFailure failure) {
            throw Edge.translate(failure);
        }
    }

    /**
     * Removes the file capabilities of the regular file {@code path} ({@code setcap -r}).
     *
     * @param path the file to remove them from
     * @return false if it had none
     * @throws IOException as {@link #read}, or {@link java.nio.file.AccessDeniedException}
     *     without CAP_SETFCAP
     */
    public static boolean remove(Path path) throws IOException {
        try {
            return FileXattr.remove(path);
        } catch (KernelFailure failure) {
            throw Edge.translate(failure);
        }
    }

    /**
     * The file's permitted set, granted at execve(2) within the bounding set.
     *
     * @return the file's permitted set
     */
    public CapabilitySet permitted() {
        return permitted;
    }

    /**
     * The file's inheritable set, granted at execve(2) where the thread's inheritable set has
     * it too.
     *
     * @return the file's inheritable set
     */
    public CapabilitySet inheritable() {
        return inheritable;
    }

    /**
     * The file's effective bit: whether execve makes the new permitted set effective.
     *
     * @return true if the effective bit is set
     */
    public boolean effectiveBit() {
        return effectiveBit;
    }

    /**
     * {@code permitted | inheritable} if the effective bit is set, else empty (as libcap
     * reports).
     *
     * @return the effective set libcap reports for the file
     */
    public CapabilitySet effective() {
        return effectiveBit ? permitted.union(inheritable) : CapabilitySet.empty();
    }

    /**
     * E, P and I as libcap's {@code cap_get_file} returns them.
     *
     * @return the three sets as one value
     */
    public Caps caps() {
        return Caps.of(effective(), permitted, inheritable);
    }

    /**
     * The attribute's format revision: as read from the file, or V2 or V3 for a value made by
     * {@link #of(Caps)} or {@link #of(Caps, long)}.
     *
     * @return the revision
     */
    public Revision revision() {
        return revision;
    }

    /**
     * The namespace root uid of a {@link Revision#V3} attribute; empty for V1 and V2.
     *
     * @return the root uid, or empty
     */
    public OptionalLong rootUid() {
        return rootUid < 0 ? OptionalLong.empty() : OptionalLong.of(rootUid);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileCaps that
                && that.permitted.equals(permitted)
                && that.inheritable.equals(inheritable)
                && that.effectiveBit == effectiveBit
                && that.revision == revision
                && that.rootUid == rootUid;
    }

    @Override
    public int hashCode() {
        return Objects.hash(permitted, inheritable, effectiveBit, revision, rootUid);
    }

    /**
     * The capabilities as {@code getcap} prints them after the file name, e.g.
     * {@code cap_net_raw=ep} (libcap's {@code cap_to_text} of {@link #caps()}); the root uid
     * of a V3 attribute is not part of it ({@code getcap -n} prints it as {@code [rootid=1000]}).
     */
    @Override
    public String toString() {
        return caps().toString();
    }
}
