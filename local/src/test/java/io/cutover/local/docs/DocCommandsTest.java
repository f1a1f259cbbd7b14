package io.cutover.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.bench.Benchmarks;
import io.cutover.local.Project;
import io.cutover.local.rehearsal.RehearsalOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command in a shell block ({@code bash}, {@code sh}, {@code shell}, {@code console}) of README.md and
 * docs/*.md is one CI runs, or its block is marked as needing AWS. The rules (docs/development.md, "Commands in
 * the docs"):
 * <ol>
 *   <li>a block whose first line is {@code # needs AWS} is not run here; it must hold an {@code aws} or {@code sam}
 *       command (the mark is for AWS, not for anything that is merely slow);</li>
 *   <li>a command .ci/run runs: the same words, or .ci/run's with options added ({@code npm ci} for
 *       {@code npm ci --no-audit}); {@code sudo}, variable assignments, comments and redirections do not count;</li>
 *   <li>{@code apt-get update}, and {@code apt-get install} of packages .ci/run installs or requires
 *       ({@code REQUIRED_TOOLS}); {@code git clone} and {@code cd}, which is how CI gets and enters the code;</li>
 *   <li>the project's scripts: {@code local/rehearse} with options its own parser ({@link RehearsalOptions}) accepts
 *       (CI runs the rehearsal, RehearsalIT its failure paths), {@code local/bench} with a registered benchmark,
 *       {@code local/diagrams}.</li>
 * </ol>
 */
class DocCommandsTest {
    private static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console", "zsh");
    private static final Pattern NEEDS_AWS = Pattern.compile("^#\\s*needs AWS\\b.*");
    /** Debian package → the command CI's REQUIRED_TOOLS names for it. */
    private static final Map<String, String> PACKAGE_TOOLS = Map.of("maven", "mvn", "nodejs", "node", "npm", "npm", "git", "git");

    /** What .ci/run runs, read from the file. */
    record Ci(List<List<String>> steps, Set<String> aptPackages, Set<String> requiredTools) {
        static Ci read(Path ciRun) {
            try {
                return of(Files.readString(ciRun));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Ci of(String script) {
            List<List<String>> steps = new ArrayList<>();
            Set<String> packages = new LinkedHashSet<>();
            Set<String> tools = new LinkedHashSet<>();
            for (String line : logicalLines(script.lines().toList())) {
                Matcher required = Pattern.compile("^REQUIRED_TOOLS=\"([^\"]*)\"").matcher(line.strip());
                if (required.find()) {
                    tools.addAll(Arrays.asList(required.group(1).trim().split("\\s+")));
                }
                for (List<String> step : DocCommandsTest.steps(line)) {
                    steps.add(step);
                    if (step.size() > 2 && step.get(0).equals("apt-get") && step.get(1).equals("install")) {
                        step.subList(2, step.size()).stream().filter(w -> !w.startsWith("-")).forEach(packages::add);
                    }
                }
            }
            return new Ci(steps, packages, tools);
        }

        boolean runs(List<String> command) {
            return steps.stream().anyMatch(step -> step.equals(command)
                    || step.size() > command.size() && step.subList(0, command.size()).equals(command)
                    && step.get(command.size()).startsWith("-"));
        }
    }

    @Test
    void everyShellCommandInTheDocsIsRunByCiOrMarkedAsNeedingAws() {
        Ci ci = Ci.read(Project.root().resolve(".ci/run"));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : Markdown.userDocs()) {
            for (Markdown.CodeBlock block : Markdown.read(file).codeBlocks()) {
                checked += commands(block).size();
                problems.addAll(problems(block, ci));
            }
        }
        assertThat(checked).as("shell commands found in the docs").isGreaterThan(20);
        assertThat(problems).as("commands neither run by CI nor in a '# needs AWS' block (file:line: command: why)").isEmpty();
    }

    @Test
    void theReadmeStartsWithTheRehearsalAndCiRunsItAfterTheTestCommandExactlyAsShown() throws IOException {
        List<String> readme = new ArrayList<>();
        for (Markdown.CodeBlock block : Markdown.read(Project.root().resolve("README.md")).codeBlocks()) {
            commands(block).forEach(c -> readme.add(c.text()));
        }
        List<String> firstRuns = readme.stream().filter(c -> !isSetUp(c)).toList();
        assertThat(firstRuns).as("the README's commands after the set-up").isNotEmpty();
        assertThat(firstRuns.get(0)).as("the README's first command is the rehearsal").startsWith("local/rehearse");
        String rehearsal = firstRuns.get(0);
        Optional<String> test = readme.stream().filter(c -> c.startsWith("mvn ")).findFirst();
        assertThat(test).as("the README shows the test command").isPresent();

        List<String> ciLines = Files.readAllLines(Project.root().resolve(".ci/run")).stream().map(String::strip).toList();
        int testAt = ciLines.indexOf(test.get());
        int rehearsalAt = ciLines.indexOf(rehearsal);
        assertThat(testAt).as(".ci/run runs the README's test command exactly: " + test.get()).isNotNegative();
        assertThat(rehearsalAt).as(".ci/run runs the README's rehearsal exactly: " + rehearsal).isGreaterThan(testAt);
    }

    @Test
    void commandsThatNeitherCiNorAwsExplainAreReported() {
        Ci ci = Ci.of("""
                REQUIRED_TOOLS="mvn node npm"
                apt-get update -qq
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server openssl >/dev/null
                (cd local/node && npm ci --no-audit)
                mvn -B -ntp verify
                local/rehearse --rollback-window 5s
                """);
        Markdown doc = Markdown.parse(Project.root().resolve("docs/x.md"), """
                ```bash
                sudo apt-get install -y mariadb-server maven
                (cd local/node && npm ci)   # the runner
                mvn -B -ntp verify
                local/rehearse && local/rehearse --reject-at cutover
                local/bench validation 100000
                ```
                ```bash
                mvn -B verify
                sudo apt-get install -y graphviz
                local/rehearse --no-such-option 1
                local/bench no-such-benchmark
                curl https://example.com \\
                  --fail
                ```
                ```bash
                # needs AWS
                aws s3 ls
                ```
                ```bash
                # needs AWS
                make deploy
                ```
                ```json
                {"not": "a shell block"}
                ```
                """);
        List<String> problems = new ArrayList<>();
        doc.codeBlocks().forEach(b -> problems.addAll(problems(b, ci)));
        assertThat(problems).containsExactly(
                "docs/x.md:9: mvn -B verify: not a command .ci/run runs",
                "docs/x.md:10: sudo apt-get install -y graphviz: .ci/run neither installs nor requires graphviz",
                "docs/x.md:11: local/rehearse --no-such-option 1: local/rehearse refuses it: unknown option --no-such-option (see --help)",
                "docs/x.md:12: local/bench no-such-benchmark: no benchmark no-such-benchmark (local/bench lists them)",
                "docs/x.md:13: curl https://example.com --fail: not a command .ci/run runs",
                "docs/x.md:21: a '# needs AWS' block without an aws or sam command");
    }

    /** A command of a shell block: the file line it starts on and its text (continuations joined, comments dropped). */
    record Command(Markdown.CodeBlock block, int index, String text) {}

    static List<Command> commands(Markdown.CodeBlock block) {
        if (!SHELL.contains(block.info())) {
            return List.of();
        }
        List<Command> commands = new ArrayList<>();
        List<String> lines = block.lines();
        for (int i = 0; i < lines.size(); i++) {
            int start = i;
            StringBuilder text = new StringBuilder();
            String line = lines.get(i);
            while (line.stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
                text.append(line.stripTrailing(), 0, line.stripTrailing().length() - 1).append(' ');
                line = lines.get(++i);
            }
            text.append(line);
            String command = stripComment(text.toString()).strip().replaceAll("\\s+", " ");
            if (block.info().equals("console")) {
                if (!command.startsWith("$ ")) {
                    continue; // output
                }
                command = command.substring(2);
            }
            if (!command.isEmpty()) {
                commands.add(new Command(block, start, command));
            }
        }
        return commands;
    }

    static List<String> problems(Markdown.CodeBlock block, Ci ci) {
        if (!SHELL.contains(block.info())) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Optional<String> first = block.lines().stream().filter(l -> !l.isBlank()).findFirst();
        if (first.isPresent() && NEEDS_AWS.matcher(first.get().strip()).matches()) {
            boolean aws = commands(block).stream().anyMatch(c -> c.text().startsWith("aws ") || c.text().startsWith("sam "));
            if (!aws) {
                problems.add(block.where(0) + ": a '# needs AWS' block without an aws or sam command");
            }
            return problems;
        }
        for (Command command : commands(block)) {
            for (List<String> step : steps(command.text())) {
                why(step, ci).ifPresent(why -> problems.add(block.where(command.index()) + ": " + command.text() + ": " + why));
            }
        }
        return problems;
    }

    /** Empty when CI runs the step (see the class comment), else why not. */
    static Optional<String> why(List<String> step, Ci ci) {
        if (step.isEmpty() || step.get(0).equals("cd") || ci.runs(step)) {
            return Optional.empty();
        }
        String command = step.get(0);
        List<String> args = step.subList(1, step.size());
        if (command.equals("apt-get") && args.equals(List.of("update"))) {
            return ci.runs(step) || ci.steps().stream().anyMatch(s -> s.size() > 1 && s.get(0).equals("apt-get") && s.get(1).equals("update"))
                    ? Optional.empty() : Optional.of(".ci/run does not run apt-get update");
        }
        if (command.equals("apt-get") && !args.isEmpty() && args.get(0).equals("install")) {
            List<String> missing = args.subList(1, args.size()).stream().filter(w -> !w.startsWith("-"))
                    .filter(p -> !ci.aptPackages().contains(p) && !ci.requiredTools().contains(PACKAGE_TOOLS.getOrDefault(p, "")))
                    .toList();
            return missing.isEmpty() ? Optional.empty()
                    : Optional.of(".ci/run neither installs nor requires " + String.join(", ", missing));
        }
        if (command.equals("git") && !args.isEmpty() && args.get(0).equals("clone")) {
            return ci.requiredTools().contains("git") ? Optional.empty() : Optional.of(".ci/run does not require git");
        }
        if (command.startsWith("local/")) {
            Path script = Project.root().resolve(command);
            if (!Files.isRegularFile(script) || !Files.isExecutable(script)) {
                return Optional.of("no executable script " + command);
            }
            switch (command) {
                case "local/rehearse" -> {
                    try {
                        RehearsalOptions.parse(args.toArray(String[]::new));
                        return Optional.empty();
                    } catch (IllegalArgumentException e) {
                        return Optional.of("local/rehearse refuses it: " + e.getMessage());
                    }
                }
                case "local/bench" -> {
                    return args.isEmpty() || benchmarks().contains(args.get(0)) ? Optional.empty()
                            : Optional.of("no benchmark " + args.get(0) + " (local/bench lists them)");
                }
                case "local/diagrams" -> {
                    return args.isEmpty() ? Optional.empty() : Optional.of("local/diagrams takes no arguments");
                }
                default -> {
                    return Optional.of("a script no test or CI runs");
                }
            }
        }
        return Optional.of("not a command .ci/run runs");
    }

    /** The set-up commands of a README (packages, the runner's npm ci, the Python tools, the checkout), as opposed to what it runs. */
    private static boolean isSetUp(String command) {
        return steps(command).stream().allMatch(s -> s.isEmpty() || List.of("apt-get", "cd", "npm", "git", "source").contains(s.get(0)));
    }

    /** The names local/bench accepts (Benchmarks keeps them in a private registry). */
    @SuppressWarnings("unchecked")
    private static Set<String> benchmarks() {
        try {
            Field all = Benchmarks.class.getDeclaredField("ALL");
            all.setAccessible(true);
            return ((Map<String, ?>) all.get(null)).keySet();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the benchmark registry of " + Benchmarks.class.getName(), e);
        }
    }

    /** The commands of a line joined by {@code &&}, {@code ||}, {@code ;} or {@code |}, as words without sudo, assignments, redirections. */
    static List<List<String>> steps(String line) {
        List<List<String>> steps = new ArrayList<>();
        for (String part : splitUnquoted(stripComment(line))) {
            String s = part.strip();
            while (s.startsWith("(")) {
                s = s.substring(1).strip();
            }
            while (s.endsWith(")") && !s.contains("(")) {
                s = s.substring(0, s.length() - 1).strip();
            }
            List<String> words = words(s);
            while (!words.isEmpty() && (words.get(0).equals("sudo") || words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
                words.remove(0);
            }
            words.removeIf(w -> w.matches("\\d?>>?.*|\\d?<.*|&>.*"));
            if (!words.isEmpty()) {
                steps.add(words);
            }
        }
        return steps;
    }

    /** Shell words: split at blanks outside quotes, the quotes removed ({@code --set 'a=[{"b": 1}]'} is two words). */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }

    private static List<String> logicalLines(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String l = line.stripTrailing();
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
            } else {
                out.add(current.append(l).toString());
                current.setLength(0);
            }
        }
        return out;
    }

    /** Splits on {@code &&}, {@code ||}, {@code ;} and {@code |} outside quotes. */
    private static List<String> splitUnquoted(String line) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
            } else if (c == ';' || c == '|' || c == '&' && i + 1 < line.length() && line.charAt(i + 1) == '&') {
                parts.add(current.toString());
                current.setLength(0);
                if (i + 1 < line.length() && (line.charAt(i + 1) == '&' || line.charAt(i + 1) == '|')) {
                    i++;
                }
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** The line without its comment: a {@code #} at the start or after a space, outside quotes. */
    static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
