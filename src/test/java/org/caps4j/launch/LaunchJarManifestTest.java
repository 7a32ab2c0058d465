/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.launch.LaunchUsers.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 3: the JVM resolves a jar's relative Class-Path against the jar's real directory
 * (not /proc/self/fd), so a root-owned "thin" jar whose Main-Class lives in lib/app.jar runs
 * whatever a user put in a user-owned lib/. The attack, for real: a throwaway user owns lib/ and
 * the jar in it (the probe, which reports its CapEff); the launcher must refuse before the JVM
 * starts. The control: the same layout owned by root launches (a checked Class-Path is fine).
 */
class LaunchJarManifestTest {
    private static final Path DIR = LaunchFixture.POLICY_DIR.resolve("jars");
    private static final Path LIB = DIR.resolve("lib");
    private static final Path THIN = DIR.resolve("thin.jar");
    private static LaunchUsers users;
    private static User attacker;

    @BeforeAll
    static void setUp() {
        LaunchFixture.install();
        users = new LaunchUsers();
        attacker = users.user("jar");
    }

    @AfterAll
    static void tearDown() {
        users.close();
    }

    @BeforeEach
    void cleanLayout() throws IOException {
        sh("rm -rf " + DIR + " && mkdir -p " + LIB + " && chmod 755 " + DIR + " " + LIB);
    }

    private static void sh(String command) {
        LaunchFixture.run(List.of("sh", "-c", command), Map.of()).assertOk();
    }

    /** A jar with these main attributes; with the probe class in it or not (a thin jar). */
    private static void jar(Path file, Map<String, String> attributes, boolean withProbe) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach(manifest.getMainAttributes()::putValue);
        String entry = LaunchProbeMain.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (withProbe) {
                jar.putNextEntry(new JarEntry(entry));
                try (var in = LaunchProbeMain.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        sh("chmod 644 " + file);
    }

    private static Map<String, String> thin(String classPath) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Main-Class", LaunchProbeMain.class.getName());
        attributes.put("Class-Path", classPath);
        return attributes;
    }

    private static Result launch(Path program) {
        LaunchFixture.policy("jar-cp", "type = jar", "program = " + program, "interpreter = " + LaunchFixture.java(),
                "caps = cap_net_bind_service", "user = nobody", "allow-user = " + attacker.name());
        return attacker.launch(Map.of(), "jar-cp");
    }

    /** Item 3 attack: Class-Path into a user-owned lib/ is refused; root-owned, it launches. */
    @Test
    void classPathIntoAUserOwnedDirectoryIsRefused() throws IOException {
        jar(THIN, thin("lib/app.jar"), false);
        jar(LIB.resolve("app.jar"), Map.of(), true);
        sh("chown -R " + attacker.name() + " " + LIB);
        Result attack = launch(THIN);
        assertFalse(attack.stdout().contains("status CapEff"), "the user's class ran with the grant\n" + attack);
        attack.assertRefused("Class-Path entry of " + THIN + ": " + LIB + " is owned by uid " + attacker.uid());

        sh("chown root " + LIB);
        launch(THIN).assertRefused(LIB.resolve("app.jar") + " is owned by uid " + attacker.uid());
        sh("chown -R root " + LIB);
        Result control = launch(THIN).assertLaunched();
        assertEquals(1L << 10, Long.parseUnsignedLong(control.status("CapEff"), 16), control.toString());

        sh("chmod 775 " + LIB);
        launch(THIN).assertRefused(LIB + " is group- or world-writable");
    }

    /** Item 3: a Class-Path jar's own Class-Path is checked too (the JVM follows it). */
    @Test
    void nestedClassPathIsChecked() throws IOException {
        jar(THIN, thin("lib/app.jar"), false);
        jar(LIB.resolve("app.jar"), Map.of("Class-Path", "more.jar"), false);
        jar(LIB.resolve("more.jar"), Map.of(), true);
        sh("chown " + attacker.name() + " " + LIB.resolve("more.jar"));
        launch(THIN).assertRefused(LIB.resolve("more.jar") + " is owned by uid " + attacker.uid());
        sh("chown root " + LIB.resolve("more.jar"));
        launch(THIN).assertLaunched();
    }

    /** Item 3: entries the launcher cannot check like the program are refused outright. */
    @Test
    void uncheckableEntriesAreRefused() throws IOException {
        jar(LIB.resolve("app.jar"), Map.of(), true);
        Path link = LIB.resolve("link.jar");
        Files.createSymbolicLink(link, LIB.resolve("app.jar"));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("lib/../lib/app.jar", "must not contain empty, '.' or '..' components");
        cases.put("file:" + LIB.resolve("app.jar"), "is refused (only plain relative or absolute paths");
        cases.put("lib/app%2ejar", "is refused");
        cases.put("lib/", "is refused");
        cases.put("lib/link.jar", "is a symbolic link");
        cases.put("lib/missing.jar", "cannot open");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            jar(THIN, thin(c.getKey()), false);
            launch(THIN).assertRefused(c.getValue());
        }
        jar(THIN, thin(LIB.resolve("app.jar").toString()), false);
        launch(THIN).assertLaunched();
    }

    /** Item 3: Launcher-Agent-Class, Add-Opens and Add-Exports are refused (jvm-option instead). */
    @Test
    void agentAndOpensAttributesAreRefused() throws IOException {
        for (String attribute : List.of("Launcher-Agent-Class", "Add-Opens", "Add-Exports")) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("Main-Class", LaunchProbeMain.class.getName());
            attributes.put(attribute, attribute.equals("Launcher-Agent-Class") ? LaunchProbeMain.class.getName()
                    : "java.base/java.lang");
            Path full = DIR.resolve("full.jar");
            jar(full, attributes, true);
            launch(full).assertRefused("its manifest has " + attribute + ", which caps4j-launch refuses");
        }
    }
}
