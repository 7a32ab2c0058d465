/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.caps4j.FileCaps;

/**
 * {@code audit [--json] [PATH...]}: every regular file with file capabilities under the
 * paths, one line each exactly as {@code getcap -r} prints it, each followed by its findings.
 */
final class AuditCommand {
    static final List<String> DEFAULT_PATHS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin",
            "/usr/local/sbin", "/usr/libexec", "/usr/lib", "/bin", "/sbin", "/opt");

    static final String DETAILS = String.join("\n",
            "Walks each PATH without following symbolic links (default:",
            "  " + String.join(" ", DEFAULT_PATHS.subList(0, 5)),
            "  " + String.join(" ", DEFAULT_PATHS.subList(5, DEFAULT_PATHS.size())) + ";",
            "those that are symbolic links are skipped) and prints every regular file that",
            "has file capabilities as getcap -r does: 'PATH CAPS'. Under each, indented by",
            "four spaces, its findings:",
            "  root      capabilities that amount to root (see caps4j explain)",
            "  setid     the file is also set-user-ID or set-group-ID",
            "  v3        the capabilities belong to a user namespace (setcap -n)",
            "  writable  the file, or a directory on its path, is writable by a user",
            "            other than root (group 0 counts as root)",
            "Directories that cannot be read and files whose capabilities cannot be read",
            "are reported on standard error; the walk goes on. On a terminal, a progress",
            "line on standard error shows how far the walk is (never in a pipe or file).",
            "",
            "  --json   {\"files\": [{\"path\", \"caps\", \"revision\", \"root_uid\",",
            "           \"findings\": [{\"kind\", \"detail\"}]}],",
            "           \"errors\": [{\"path\", \"error\"}]}",
            "",
            "Exit status 1 if there is any finding or error.");

    private AuditCommand() {}

    /** A file with capabilities and what is risky about it. */
    record Entry(String path, FileCaps caps, List<FileRisks.Finding> findings) {}

    /** A path the walk could not read. */
    record Problem(String path, String error) {}

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Options options = Options.parse(words, "audit", Set.of("--json"));
        boolean defaults = options.operands().isEmpty();
        List<String> roots = defaults ? DEFAULT_PATHS : options.operands();
        List<Entry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        FileRisks risks = new FileRisks();
        AuditProgress progress = AuditProgress.forTerminal(err);
        for (String root : roots) {
            Path path = Path.of(root);
            if (defaults && (Files.isSymbolicLink(path) || !Files.exists(path))) {
                continue; // e.g. /bin -> usr/bin on a merged-/usr system: walked as /usr/bin
            }
            walk(root, risks, entries, problems, options.has("--json") ? null : out, err,
                    progress);
        }
        progress.clear();
        if (options.has("--json")) {
            out.println(Json.write(json(entries, problems)));
        }
        boolean findings = entries.stream().anyMatch(e -> !e.findings().isEmpty());
        return findings || !problems.isEmpty() ? Main.FAILED : Main.OK;
    }

    private static void walk(String root, FileRisks risks, List<Entry> entries,
            List<Problem> problems, PrintStream text, PrintStream err, AuditProgress progress)
            throws IOException {
        String prefix = prefix(root);
        Path start = Path.of(root);
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                progress.directory(shown(prefix, start, dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String shown = shown(prefix, start, file);
                    progress.file(shown);
                    try {
                        Optional<FileCaps> caps = FileCaps.read(file);
                        if (caps.isPresent()) {
                            Entry entry = new Entry(shown, caps.get(),
                                    risks.assess(file, caps.get()));
                            entries.add(entry);
                            if (text != null) {
                                progress.clear();
                                print(entry, text);
                            }
                        }
                    } catch (IOException e) {
                        report(new Problem(shown, describe(e)));
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                report(new Problem(shown(prefix, start, file), describe(e)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null) { // the directory could be opened but not read to the end
                    report(new Problem(shown(prefix, start, dir), describe(e)));
                }
                return FileVisitResult.CONTINUE;
            }

            private void report(Problem problem) {
                problems.add(problem);
                progress.clear();
                err.println("caps4j audit: " + problem.path() + ": " + problem.error());
            }
        });
    }

    /**
     * The operand as getcap's nftw(3) paths begin: trailing slashes removed ("tree/" gives
     * "tree/x", as getcap prints), except that "/" and "//" stay "/".
     */
    static String prefix(String root) {
        String stripped = root.replaceAll("/+$", "");
        return stripped.isEmpty() && !root.isEmpty() ? "/" : stripped;
    }

    static String shown(String prefix, Path start, Path file) {
        String relative = start.relativize(file).toString();
        if (relative.isEmpty()) {
            return prefix;
        }
        return prefix.endsWith("/") ? prefix + relative : prefix + "/" + relative;
    }

    private static String describe(IOException e) {
        String reason = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            reason = "Permission denied";
        }
        return reason;
    }

    private static void print(Entry entry, PrintStream out) {
        out.println(entry.path() + " " + entry.caps());
        for (FileRisks.Finding finding : entry.findings()) {
            out.printf("    %-9s %s%n", finding.kind(), finding.detail());
        }
    }

    private static Map<String, Object> json(List<Entry> entries, List<Problem> problems) {
        List<Object> files = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", entry.path());
            file.put("caps", entry.caps().toString());
            file.put("revision", entry.caps().revision().name().toLowerCase(Locale.ROOT));
            file.put("root_uid", entry.caps().rootUid().isPresent()
                    ? entry.caps().rootUid().getAsLong() : null);
            List<Object> findings = new ArrayList<>();
            for (FileRisks.Finding finding : entry.findings()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("kind", finding.kind());
                f.put("detail", finding.detail());
                findings.add(f);
            }
            file.put("findings", findings);
            files.add(file);
        }
        List<Object> errors = new ArrayList<>();
        for (Problem problem : problems) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("path", problem.path());
            p.put("error", problem.error());
            errors.add(p);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("files", files);
        root.put("errors", errors);
        return root;
    }
}
