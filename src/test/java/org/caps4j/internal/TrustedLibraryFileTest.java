/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: which mount a library file is on, from proc(5) mountinfo lines. A FUSE file system made
 * by a non-root user can show any owner and any content, so a privileged JVM refuses it; the
 * rest of the check (owners, modes, links) runs against real files in LibraryPathTrustTest.
 */
class TrustedLibraryFileTest {
    private static final List<String> MOUNTINFO = List.of(
            "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
            "30 22 0:26 / /tmp rw,nosuid,nodev shared:5 - tmpfs tmpfs rw",
            "41 22 0:40 / /home/alice/mnt rw,nosuid,nodev,relatime shared:20 - fuse.sshfs"
                    + " alice@host: rw,user_id=1000,group_id=1000",
            "42 22 0:41 / /srv/root\\040fuse rw,relatime shared:21 - fuse.sshfs root@host:"
                    + " rw,user_id=0,group_id=0,allow_other",
            "43 22 0:42 / /opt/a rw shared:22 - fuse x rw,user_id=1000,group_id=1000",
            "44 43 254:1 /usr /opt/a rw shared:1 - ext4 /dev/vda1 rw");

    @Test
    void fileOnAUsersFuseMountIsNamedWithTheMount() {
        Optional<String> why = TrustedLibraryFile.foreignFuseMount(MOUNTINFO,
                Path.of("/home/alice/mnt/lib/libcaps4j.so"));
        assertEquals(Optional.of("a fuse.sshfs file system mounted at /home/alice/mnt by a"
                + " non-root user (rw,user_id=1000,group_id=1000)"), why);
    }

    @Test
    void rootsFuseMountsAndOrdinaryFileSystemsPass() {
        assertEquals(Optional.empty(), TrustedLibraryFile.foreignFuseMount(MOUNTINFO,
                Path.of("/srv/root fuse/libcaps4j.so")));
        assertEquals(Optional.empty(), TrustedLibraryFile.foreignFuseMount(MOUNTINFO,
                Path.of("/usr/lib/caps4j/libcaps4j.so")));
        // A name that only starts like a mount point is not under it.
        assertEquals(Optional.empty(), TrustedLibraryFile.foreignFuseMount(MOUNTINFO,
                Path.of("/home/alice/mnt2/libcaps4j.so")));
    }

    @Test
    void theMountOnTopDecides() {
        // /opt/a: a user's FUSE mount, then root bind-mounted /usr over it.
        assertEquals(Optional.empty(), TrustedLibraryFile.foreignFuseMount(MOUNTINFO,
                Path.of("/opt/a/libcaps4j.so")));
        List<String> fuseOnTop = List.of(MOUNTINFO.get(0), MOUNTINFO.get(5), MOUNTINFO.get(4));
        assertTrue(TrustedLibraryFile.foreignFuseMount(fuseOnTop, Path.of("/opt/a/x.so"))
                .orElseThrow().startsWith("a fuse file system mounted at /opt/a"));
    }
}
