/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /etc/passwd and /etc/group parsing for Identity.change(user, keep). */
class PasswdFilesTest {
    @TempDir
    Path dir;

    private PasswdFiles.Account lookup(String user, String passwd, String group)
            throws IOException {
        Path p = Files.writeString(dir.resolve("passwd"), passwd);
        Path g = Files.writeString(dir.resolve("group"), group);
        return PasswdFiles.lookup(user, p, g).orElse(null);
    }

    @Test
    void supplementaryGroupsAreThePrimaryGroupPlusEveryGroupListingTheUser() throws IOException {
        PasswdFiles.Account web = lookup("web",
                "# comment\nroot:x:0:0:root:/root:/bin/sh\nweb:x:1001:1001::/srv:/bin/false\n",
                "root:x:0:\nweb:x:1001:\nssl:x:120:web,other\nadm:x:4:webby\nlogs:x:7:other,web\n");
        assertEquals(1001, web.uid());
        assertEquals(1001, web.gid());
        assertArrayEquals(new int[] {7, 120, 1001}, web.groups(), "sorted, no 'webby' match");
    }

    @Test
    void theSystemsNobodyIsFound() {
        PasswdFiles.Account nobody = PasswdFiles.lookup("nobody").orElseThrow();
        assertEquals(65534, nobody.uid());
        assertTrue(nobody.groups().length >= 1);
    }

    @Test
    void unknownUsersAndMalformedIds() throws IOException {
        assertEquals(null, lookup("ghost", "root:x:0:0::/:/bin/sh\n", ""));
        assertThrows(IllegalArgumentException.class,
                () -> lookup("bad", "bad:x:12a:0::/:/bin/sh\n", ""));
        assertThrows(IllegalArgumentException.class,
                () -> lookup("bad", "bad:x:4294967295:0::/:/bin/sh\n", ""));
    }
}
