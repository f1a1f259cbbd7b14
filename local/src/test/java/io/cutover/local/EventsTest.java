package io.cutover.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every execution input in events/ (top level) is valid as the state machine will check it. */
class EventsTest {
    static List<Path> executionInputs() throws IOException {
        try (Stream<Path> files = Files.list(Project.root().resolve("events"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("executionInputs")
    void isAValidExecutionInput(Path file) throws IOException {
        InputValidator.Purpose purpose = file.getFileName().toString().startsWith("readiness")
                ? InputValidator.Purpose.READINESS : InputValidator.Purpose.MIGRATION;
        MigrationConfig config = new InputValidator().validate(Json.parse(Files.readString(file)), purpose);
        assertThat(config.migrationId()).isNotBlank();
        assertThat(config.schemas()).isNotEmpty();
        assertThat(config.isDryRun()).as(file.getFileName() + ": a dry-run file runs a dry run, the others do not")
                .isEqualTo(file.getFileName().toString().startsWith("dry-run"));
    }
}
