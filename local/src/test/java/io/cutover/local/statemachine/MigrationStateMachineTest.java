package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.asl.ExecutionResult;
import org.junit.jupiter.api.Test;

class MigrationStateMachineTest {
    @Test
    void happyPath() {
        ScriptedMigration m = new ScriptedMigration();
        ExecutionResult result = m.run();
        System.out.println(result);
        System.out.println(m.notified());
        assertThat(result.succeeded()).as(result.toString()).isTrue();
    }
}
