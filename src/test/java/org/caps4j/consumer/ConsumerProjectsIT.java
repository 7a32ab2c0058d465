/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * caps4j as a consumer gets it: the packaged jar is installed into the local Maven repository
 * (as {@code mvn install} would), and the projects under {@code consumers/} are copied to a
 * scratch directory, built there by Maven and run: on the JDK Maven runs on (17 here) with JNA,
 * on the class path and on the module path, and built and run on the JDK >= 22 this test runs
 * on, where their pom leaves JNA out (see consumers/README.md).
 */
class ConsumerProjectsIT {
    private static final Path JAR = Path.of(System.getProperty("caps4j.test.jar",
            "target/caps4j.jar"));
    private static final Path JNA = Path.of("target", "lib", "jna-5.19.1.jar");
    private static final Path JNA_NATIVE = Path.of("target", "lib").toAbsolutePath();
    private static Path work;

    @BeforeAll
    static void installTheJarAndCopyTheProjects() throws Exception {
        Path mvn = Privileged.requireTool("mvn");
        ChildJvm.exec(List.of(mvn.toString(), "-B", "-q", "install:install-file",
                "-Dfile=" + JAR.toAbsolutePath(),
                "-DpomFile=" + Path.of("pom.xml").toAbsolutePath())).assertSuccess();
        work = TestScratch.directory("caps4j-consumers-");
        try (Stream<Path> files = Files.walk(Path.of("consumers"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = work.resolve(Path.of("consumers").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.toString().contains("/target/")) {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Builds consumers/{@code project} with Maven on the JDK at {@code javaHome}. */
    private static Path build(String project, String javaHome) throws IOException {
        Path copy = Files.createDirectories(work.resolve("build-" + Path.of(javaHome)
                .getFileName())).resolve(project);
        if (!Files.exists(copy)) {
            try (Stream<Path> files = Files.walk(work.resolve(project))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(work.resolve(project).relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
        }
        List<String> command = List.of("env", "JAVA_HOME=" + javaHome,
                Privileged.requireTool("mvn").toString(), "-B", "-q", "-f",
                copy.resolve("pom.xml").toString(), "package");
        ChildJvm.exec(command).assertSuccess();
        return copy.resolve("target").resolve(project + "-consumer.jar");
    }

    private static String mavensJavaHome() {
        String home = System.getProperty("caps4j.maven.java.home");
        assertTrue(home != null && Files.isDirectory(Path.of(home)),
                "failsafe passes the JDK Maven runs on: " + home);
        return home;
    }

    private static ChildJvm.Result run(String javaHome, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java")
                .toString()));
        command.addAll(List.of(args));
        return ChildJvm.exec(command).assertSuccess();
    }

    @Test
    void classPathAndModulePathOnTheJdkMavenRunsOnWithJna() throws Exception {
        String home = mavensJavaHome();
        String jna = "-Djna.boot.library.path=" + JNA_NATIVE; // root: JNA's native from a root dir
        Path classpath = build("classpath", home);
        ChildJvm.Result onClassPath = run(home, jna, "-cp", classpath + ":" + JAR + ":" + JNA,
                "example.ShowMine");
        assertTrue(onClassPath.stdout().startsWith("caps: "), onClassPath.toString());
        Path modular = build("modular", home);
        ChildJvm.Result onModulePath = run(home, jna, "-p", modular + ":" + JAR + ":" + JNA,
                "--add-modules", "com.sun.jna", "-m", "example.modular/example.modular.ShowMine");
        assertEquals(onClassPath.stdout().lines().findFirst(),
                onModulePath.stdout().lines().findFirst(), onModulePath.toString());
        assertTrue(onModulePath.stdout().contains("module: example.modular"),
                onModulePath.toString());
    }

    @Test
    void classPathOnAJdkWithFfmNeedsNoJna() throws Exception {
        String home = System.getProperty("java.home");
        assertTrue(Runtime.version().feature() >= 22, "failsafe runs on the JDK >= 22");
        Path classpath = build("classpath", home);
        ChildJvm.Result result = run(home, "--enable-native-access=ALL-UNNAMED", "-cp",
                classpath + ":" + JAR, "example.ShowMine");
        assertTrue(result.stdout().startsWith("caps: "), result.toString());
        assertTrue(result.stdout().contains("java: " + Runtime.version().feature()),
                result.toString());
    }
}
