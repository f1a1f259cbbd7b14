package io.cutover.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in events/ is an execution input for one entry point, named after it, and valid as that state machine's
 * "Validate input" will check it (the JSON Schema and Cutover's rules). Every entry point has its file; the resume
 * is the dry run going on; docs/operations.md names every file.
 */
class EventsTest {

    /** The entry points a user starts, each with the file-name prefix of its inputs. */
    enum EntryPoint {
        MIGRATION("start-migration", InputValidator.Purpose.MIGRATION, false),
        DRY_RUN("dry-run", InputValidator.Purpose.MIGRATION, true),
        RESUME("resume", InputValidator.Purpose.MIGRATION, false),
        READINESS("readiness", InputValidator.Purpose.READINESS, false);

        final String prefix;
        final InputValidator.Purpose purpose;
        final boolean dryRun;

        EntryPoint(String prefix, InputValidator.Purpose purpose, boolean dryRun) {
            this.prefix = prefix;
            this.purpose = purpose;
            this.dryRun = dryRun;
        }

        static Optional<EntryPoint> of(Path file) {
            String name = file.getFileName().toString();
            return Arrays.stream(values()).filter(e -> name.startsWith(e.prefix)).findFirst();
        }
    }

    /** Every file in events/, whatever its name: a file that is not an input for an entry point fails. */
    static List<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(Project.root().resolve("events"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void isAValidInputForItsEntryPoint(Path file) throws IOException {
        String name = file.getFileName().toString();
        assertThat(name).as("events/ holds execution inputs (JSON)").endsWith(".json");
        Optional<EntryPoint> entryPoint = EntryPoint.of(file);
        assertThat(entryPoint).as("events/" + name + ": name it after its entry point (" + Arrays.stream(EntryPoint.values())
                .map(e -> e.prefix + "…").collect(Collectors.joining(", ")) + ")").isPresent();

        MigrationConfig config = new InputValidator().validate(Json.parse(Files.readString(file)), entryPoint.get().purpose);
        assertThat(config.migrationId()).isNotBlank();
        assertThat(config.schemas()).isNotEmpty();
        assertThat(config.isDryRun()).as(name + ": runs a dry run exactly when it is the dry-run input").isEqualTo(entryPoint.get().dryRun);
    }

    @Test
    void everyEntryPointHasAnInput() throws IOException {
        Set<EntryPoint> covered = eventFiles().stream().map(EntryPoint::of).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EntryPoint.class)));
        assertThat(covered).containsExactlyInAnyOrder(EntryPoint.values());
    }

    /** Going on after a dry run is a new execution with the dry run's input and dryRun false (docs/state-machine.md, "Dry run"). */
    @Test
    void theResumeIsTheDryRunsInputWithDryRunOff() throws IOException {
        JsonNode dryRun = Json.parse(Files.readString(Project.root().resolve("events/dry-run.json")));
        List<Path> resumes = eventFiles().stream().filter(f -> EntryPoint.of(f).orElse(null) == EntryPoint.RESUME).toList();
        assertThat(resumes).isNotEmpty();
        for (Path resume : resumes) {
            ObjectNode expected = ((ObjectNode) dryRun.deepCopy()).put("dryRun", false);
            assertThat(Json.parse(Files.readString(resume))).as(resume.getFileName() + " = dry-run.json with dryRun false")
                    .isEqualTo(expected);
        }
    }

    @Test
    void theOperationsGuideNamesEveryInput() throws IOException {
        String operations = Files.readString(Project.root().resolve("docs/operations.md"));
        for (Path file : eventFiles()) {
            assertThat(operations).as("docs/operations.md names events/" + file.getFileName())
                    .contains("events/" + file.getFileName());
        }
    }
}
