package io.cutover.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.json.Json;
import io.cutover.core.json.NonNull;
import io.cutover.core.json.NonNullCheck;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.testing.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A component the state machine reads is marked {@link NonNull}: a handler that leaves one null fails (an error the
 * ASL catches) instead of writing a result without it (a States.Runtime error in the ASL, which nothing catches).
 */
class NonNullResultTest {
    record Inner(@NonNull String name, String note) {}

    record Outer(@NonNull String summary, List<Inner> items, Integer count) {}

    @Test
    void aNullNonNullComponentIsNamedEvenInsideAList() {
        assertThatThrownBy(() -> NonNullCheck.verify(new Outer("ok", List.of(new Inner("a", null), new Inner(null, "b")), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Outer.items[1].name is null");
        assertThatThrownBy(() -> NonNullCheck.verify(new Outer(null, List.of(), 1)))
                .hasMessageStartingWith("Outer.summary is null");
    }

    @Test
    void unmarkedComponentsMayBeNull() {
        NonNullCheck.verify(new Outer("ok", null, null));
        NonNullCheck.verify(new Outer("ok", List.of(new Inner("a", null)), 3));
    }

    /** A handler whose result leaves out what the ASL reads. */
    static final class Careless extends TaskHandler<Outer, Outer> {
        Careless(Ports ports) {
            super(Outer.class, ports);
        }

        @Override
        protected Outer handle(Outer input) {
            return new Outer(input.summary(), List.of(), null);
        }
    }

    @Test
    void theHandlerFailsInsteadOfWritingTheResult() throws Exception {
        Careless handler = new Careless(InMemoryPorts.builder().build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{\"summary\": \"fine\"}".getBytes(StandardCharsets.UTF_8)), out, new FakeContext("Careless"));
        assertThat(Json.parse(out.toByteArray()).path("summary").asText()).isEqualTo("fine");

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new FakeContext("Careless")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Outer.summary is null");
    }
}
