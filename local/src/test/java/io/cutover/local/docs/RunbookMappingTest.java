package io.cutover.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import io.cutover.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/runbook-mapping.md and docs/operations.md name states and handlers as they really are. In those files a state
 * is written in straight double quotes (and nothing else is); a handler class in {@code code}. Fails when a quoted
 * name is not a state of statemachine/*.asl.json, when a handler does not exist, when a runbook step (1.1 … 9) has
 * no row, when a row's Task state runs a handler the row does not name, or when a Task state of the migration is
 * mapped nowhere; and when docs/architecture.md leaves out a deployed handler.
 */
class RunbookMappingTest {
    /** Every numbered step of the runbook (its table of contents: 1.1 … 1.7, 2.1 … 2.6, 3.1 … 3.5, 4, 5.1 … 5.5, 6.1, 6.2, 7, 8, 9). */
    static final List<String> RUNBOOK_STEPS = List.of("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7",
            "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "3.4", "3.5", "4",
            "5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "7", "8", "9");

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern HANDLER = Pattern.compile("^(?:io\\.cutover\\.[a-z.]+\\.)?([A-Z][A-Za-z0-9]*Handler)$");
    private static final Pattern STEP_CELL = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s.*");
    private static final Pattern FUNCTION_ARN = Pattern.compile("^\\$\\{([A-Za-z0-9]+)Arn}$");

    private static final Path MAPPING = Project.root().resolve("docs/runbook-mapping.md");
    private static final Path OPERATIONS = Project.root().resolve("docs/operations.md");
    private static final Path ARCHITECTURE = Project.root().resolve("docs/architecture.md");

    /** A state of either state machine: its name and, for a Task, the handler class it runs (simple name). */
    record State(String name, String type, String handler) {}

    @Test
    void everyQuotedStateNameIsAStateOfTheAsl() {
        Map<String, State> states = states();
        List<String> problems = new ArrayList<>();
        for (Path file : List.of(MAPPING, OPERATIONS)) {
            problems.addAll(unknownStates(Markdown.read(file), states.keySet()));
        }
        assertThat(problems).as("quoted names that are not states of statemachine/*.asl.json (state names are the only "
                + "text in straight double quotes in these files)").isEmpty();
    }

    /**
     * Elsewhere in README.md and docs/ (issue 21: docs/approvals.md quoted states that had been renamed), a quoted name
     * that starts like a state of the migration (its runbook step, or R1 … R3) is one, in prose and in examples alike;
     * a benchmark's " (loop)" after it is allowed.
     */
    @Test
    void everyQuotedNumberedStateInTheUserDocsIsAStateOfTheAsl() {
        Set<String> states = states().keySet();
        List<String> problems = new ArrayList<>();
        for (Path file : Markdown.userDocs()) {
            Markdown doc = Markdown.read(file);
            for (Markdown.ProseLine line : doc.prose()) {
                problems.addAll(unknownNumberedStates(Project.root().relativize(file) + ":" + line.number(), line.text(), states));
            }
            for (Markdown.CodeBlock block : doc.codeBlocks()) {
                for (int i = 0; i < block.lines().size(); i++) {
                    problems.addAll(unknownNumberedStates(Project.root().relativize(file) + ":" + (block.firstLine() + i),
                            block.lines().get(i), states));
                }
            }
        }
        assertThat(problems).as("quoted numbered names that are not states of statemachine/*.asl.json").isEmpty();
        assertThat(unknownNumberedStates("x:1", "\"6 Freeze approval\" then \"5.2 Freeze approval\", \"7 Poll the snapshot (loop)\"",
                states)).containsExactly("x:1: \"6 Freeze approval\"");
    }

    private static final Pattern NUMBERED = Pattern.compile("\"((?:\\d+(?:\\.\\d+)*[a-z]?|R\\d) [^\"]+?)(?: \\(loop\\))?\"");

    static List<String> unknownNumberedStates(String where, String text, Set<String> states) {
        List<String> problems = new ArrayList<>();
        Matcher m = NUMBERED.matcher(text);
        while (m.find()) {
            if (!states.contains(m.group(1))) {
                problems.add(where + ": \"" + m.group(1) + "\"");
            }
        }
        return problems;
    }

    @Test
    void everyHandlerNamedExists() {
        Set<String> classes = handlerClassesInFunctions();
        List<String> problems = new ArrayList<>();
        for (Path file : List.of(MAPPING, OPERATIONS, ARCHITECTURE)) {
            problems.addAll(unknownHandlers(Markdown.read(file), classes));
        }
        assertThat(problems).as("handler classes named that do not exist in functions/src/main/java").isEmpty();
    }

    @Test
    void everyRunbookStepHasARowInOrder() {
        assertThat(runbookSteps(Markdown.read(MAPPING))).as("the runbook steps of docs/runbook-mapping.md's tables")
                .containsExactlyElementsOf(RUNBOOK_STEPS);
    }

    @Test
    void eachRowNamesTheHandlersItsTaskStatesRun() {
        assertThat(rowsMissingHandlers(Markdown.read(MAPPING), states())).isEmpty();
    }

    @Test
    void everyTaskStateOfTheMigrationIsMapped() {
        Set<String> quoted = quoted(Markdown.read(MAPPING));
        List<String> unmapped = migrationStates().values().stream()
                .filter(s -> s.type().equals("Task")).map(State::name).filter(n -> !quoted.contains(n)).toList();
        assertThat(unmapped).as("Task states of migration.asl.json and its child executions that docs/runbook-mapping.md does not mention")
                .isEmpty();
    }

    @Test
    void theArchitectureNamesEveryDeployedHandler() {
        Set<String> named = new LinkedHashSet<>();
        Markdown.read(ARCHITECTURE).prose().forEach(l -> named.addAll(l.inlineCode()));
        List<String> missing = SamTemplate.read(Project.template()).functionHandlers().values().stream()
                .map(RunbookMappingTest::simpleName).filter(h -> !named.contains(h)).toList();
        assertThat(missing).as("handlers of template.yaml missing from docs/architecture.md").isEmpty();
    }

    @Test
    void wrongNamesAndWrongRowsAreReported() {
        Map<String, State> states = Map.of(
                "5.2 Freeze writes on source", new State("5.2 Freeze writes on source", "Task", "FreezeWritesHandler"),
                "5.2 Drained?", new State("5.2 Drained?", "Choice", null),
                "5.5 Cutover approval", new State("5.5 Cutover approval", "Task", "RequestApprovalHandler"));
        Markdown doc = Markdown.parse(MAPPING, """
                | Runbook step | States | Handlers | Why |
                |---|---|---|---|
                | 5.2 Freeze writes | "5.2 Freeze writes on source", "5.2 Drained?" | `FreezeWritesHandler` | ok |
                | 5.5 Cutover point | "5.5 Cutover approval", "5.5 Stop DMS" | `StopTaskHandler`, `NoSuchHandler` | wrong |
                `"not a state: inline code"` and "5.2 Frozen writes" in prose.
                A name cut in two: "5.2 Freeze writes
                on source".
                """);
        assertThat(unknownStates(doc, states.keySet())).containsExactly(
                "docs/runbook-mapping.md:4: \"5.5 Stop DMS\"", "docs/runbook-mapping.md:5: \"5.2 Frozen writes\"",
                "docs/runbook-mapping.md:6: a quoted name runs onto the next line (keep each state name on one line)",
                "docs/runbook-mapping.md:7: a quoted name runs onto the next line (keep each state name on one line)");
        assertThat(unknownHandlers(doc, Set.of("FreezeWritesHandler", "StopTaskHandler"))).containsExactly(
                "docs/runbook-mapping.md:4: NoSuchHandler");
        assertThat(rowsMissingHandlers(doc, states)).containsExactly(
                "docs/runbook-mapping.md:4: \"5.5 Cutover approval\" runs RequestApprovalHandler, which the row does not name");
        assertThat(runbookSteps(doc)).containsExactly("5.2", "5.5");
    }

    static List<String> unknownStates(Markdown doc, Set<String> states) {
        List<String> problems = new ArrayList<>();
        for (Markdown.ProseLine line : doc.prose()) {
            if (line.text().chars().filter(c -> c == '"').count() % 2 != 0) {
                problems.add(line.where() + ": a quoted name runs onto the next line (keep each state name on one line)");
                continue;
            }
            Matcher m = QUOTED.matcher(line.text());
            while (m.find()) {
                if (!states.contains(m.group(1))) {
                    problems.add(line.where() + ": \"" + m.group(1) + "\"");
                }
            }
        }
        return problems;
    }

    static List<String> unknownHandlers(Markdown doc, Set<String> classes) {
        List<String> problems = new ArrayList<>();
        for (Markdown.ProseLine line : doc.prose()) {
            for (String code : line.inlineCode()) {
                Matcher m = HANDLER.matcher(code);
                if (m.matches() && !classes.contains(m.group(1))) {
                    problems.add(line.where() + ": " + code);
                }
            }
        }
        return problems;
    }

    static List<String> rowsMissingHandlers(Markdown doc, Map<String, State> states) {
        List<String> problems = new ArrayList<>();
        for (Markdown.ProseLine line : doc.prose()) {
            if (!line.text().strip().startsWith("|")) {
                continue;
            }
            Set<String> named = new LinkedHashSet<>();
            for (String code : line.inlineCode()) {
                Matcher m = HANDLER.matcher(code);
                if (m.matches()) {
                    named.add(m.group(1));
                }
            }
            Matcher q = QUOTED.matcher(line.text());
            while (q.find()) {
                State state = states.get(q.group(1));
                if (state != null && state.handler() != null && !named.contains(state.handler())) {
                    problems.add(line.where() + ": \"" + state.name() + "\" runs " + state.handler() + ", which the row does not name");
                }
            }
        }
        return problems;
    }

    static List<String> runbookSteps(Markdown doc) {
        List<String> steps = new ArrayList<>();
        for (Markdown.ProseLine line : doc.prose()) {
            String text = line.text().strip();
            if (!text.startsWith("|")) {
                continue;
            }
            String[] cells = text.substring(1).split("\\|");
            Matcher m = STEP_CELL.matcher(cells.length > 0 ? cells[0].strip() : "");
            if (m.matches()) {
                steps.add(m.group(1));
            }
        }
        return steps;
    }

    private static Set<String> quoted(Markdown doc) {
        Set<String> names = new LinkedHashSet<>();
        for (Markdown.ProseLine line : doc.prose()) {
            Matcher m = QUOTED.matcher(line.text());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Every state of every state machine (the migration, its child executions, the readiness checks), by name. */
    static Map<String, State> states() {
        Map<String, State> all = new LinkedHashMap<>();
        for (Path file : aslFiles()) {
            all.putAll(states(file));
        }
        return all;
    }

    static List<Path> aslFiles() {
        try (Stream<Path> files = Files.list(Project.root().resolve("statemachine"))) {
            return files.filter(p -> p.toString().endsWith(".asl.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Task states of the migration and of the child executions it starts. */
    static Map<String, State> migrationStates() {
        SamTemplate template = SamTemplate.read(Project.template());
        Map<String, State> all = new LinkedHashMap<>();
        for (String machine : template.stateMachinesOf("MigrationStateMachine")) {
            all.putAll(states(template.definitionFile(machine)));
        }
        return all;
    }

    static Map<String, State> states(Path asl) {
        Map<String, String> handlers = SamTemplate.read(Project.template()).functionHandlers();
        Map<String, State> states = new LinkedHashMap<>();
        try {
            collect(Json.parse(Files.readString(asl)).path("States"), handlers, states);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(states).as("states of " + asl).isNotEmpty();
        return states;
    }

    private static void collect(JsonNode statesNode, Map<String, String> handlers, Map<String, State> out) {
        statesNode.properties().forEach(entry -> {
            JsonNode state = entry.getValue();
            String type = state.path("Type").asText();
            String handler = null;
            if (type.equals("Task") && state.path("Resource").asText().startsWith("arn:aws:states:::states:startExecution")) {
                // a child execution: its own Task states run the handlers
                assertThat(state.at("/Parameters/StateMachineArn").asText()).as(entry.getKey() + ": starts a ${XStateMachineArn}")
                        .matches("^\\$\\{[A-Za-z0-9]+StateMachineArn}$");
            } else if (type.equals("Task")) {
                Matcher m = FUNCTION_ARN.matcher(state.path("Parameters").path("FunctionName").asText());
                assertThat(m.matches()).as(entry.getKey() + ": a Task that invokes a ${XFunctionArn}").isTrue();
                String function = m.group(1);
                assertThat(handlers).as("template.yaml's function " + function).containsKey(function);
                handler = simpleName(handlers.get(function));
            }
            out.put(entry.getKey(), new State(entry.getKey(), type, handler));
            state.path("Branches").forEach(branch -> collect(branch.path("States"), handlers, out));
            JsonNode iteration = state.has("ItemProcessor") ? state.path("ItemProcessor") : state.path("Iterator");
            collect(iteration.path("States"), handlers, out);
        });
    }

    /** The simple names of the handler classes in functions/src/main/java. */
    static Set<String> handlerClassesInFunctions() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Project.root().resolve("functions/src/main/java"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Handler.java"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".java".length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
