package io.cutover.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every state name quoted in the main Java code (Javadoc, comments, strings) and in README.md and docs/*.md names a
 * state of statemachine/*.asl.json (docs/development.md, "State names in code and docs").
 *
 * <p>A quoted state name is text in straight double quotes that starts with a step label (a step number such as
 * {@code 2.6}, {@code 5.1.3} or {@code 8a}, or a rollback step {@code R1}) and a word of two or more letters that
 * starts with a capital:
 * {@code "5.2 Freeze writes on source"}. A name written so must be the state's name exactly; other quoted text never
 * starts with a step label and a capitalised word. Tests are not read: they pass state names as payload data
 * ({@code stateName} only names the log lines), made up where the test does not care.
 */
class StateNamesTest {
    /** {@code "<step label> <Capitalised word>…"}, in Java source also between escaped quotes. */
    static final Pattern QUOTED_STATE = Pattern.compile("\\\\?\"((?:\\d+(?:\\.\\d+)*[a-z]?|R\\d+) [A-Z][A-Za-z][^\"\\\\\\n]*)\\\\?\"");

    @Test
    void everyQuotedStateNameIsAStateOfTheStateMachines() {
        Set<String> states = RunbookMappingTest.states().keySet();
        List<String> unknown = new ArrayList<>();
        int quoted = 0;
        for (Path file : files()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = QUOTED_STATE.matcher(lines.get(i));
                while (m.find()) {
                    quoted++;
                    if (!states.contains(m.group(1))) {
                        unknown.add(Project.root().relativize(file) + ":" + (i + 1) + ": \"" + m.group(1) + "\"");
                    }
                }
            }
        }
        assertThat(quoted).as("quoted state names found (the pattern still matches the code and docs)").isGreaterThan(100);
        assertThat(unknown).as("quoted names that are no state of statemachine/*.asl.json").isEmpty();
    }

    @Test
    void aRenamedStateIsFoundInJavadocStringsAndMarkdown() {
        Set<String> states = Set.of("5.2 Freeze writes on source", "R1 Restore the write state of the source", "8a Ask whether to roll back",
                "5.1 CDC caught up?");
        List<String> found = new ArrayList<>();
        for (String line : List.of(
                " * \"5.2 Freeze writes on the source\": records the previous settings",
                "        throw new X(\"run \\\"2.6 Prepare foreign keys\\\" first\");",
                "| \"R1 Restore the write state of the source\" | \"8a Ask whether to roll back\" | \"5.1 CDC caught up?\" |",
                "not names: \"5 s\", \"3 tables\", \"2.5 a\" and “5.2 Freeze writes” (typographic quotes)")) {
            Matcher m = QUOTED_STATE.matcher(line);
            while (m.find()) {
                found.add((states.contains(m.group(1)) ? "known: " : "unknown: ") + m.group(1));
            }
        }
        assertThat(found).containsExactly("unknown: 5.2 Freeze writes on the source", "unknown: 2.6 Prepare foreign keys",
                "known: R1 Restore the write state of the source", "known: 8a Ask whether to roll back", "known: 5.1 CDC caught up?");
    }

    /** The main Java sources of both modules, README.md and docs/*.md. */
    private static List<Path> files() {
        Path root = Project.root();
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("functions/src/main/java", "local/src/main/java")) {
            try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
