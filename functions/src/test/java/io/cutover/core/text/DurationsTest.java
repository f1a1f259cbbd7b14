package io.cutover.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void hoursAreSaidInTheUnitThatReadsBest() {
        assertThat(Durations.ofHours(24)).isEqualTo("24 h");
        assertThat(Durations.ofHours(1.5)).isEqualTo("1.5 h");
        assertThat(Durations.ofHours(5.0 / 3600)).isEqualTo("5 s");
        assertThat(Durations.ofHours(0.25)).isEqualTo("15 min");
        assertThat(Durations.ofHours(0.001388888888888889)).isEqualTo("5 s");
        assertThat(Durations.ofHours(0.0083333)).isEqualTo("30 s");
        assertThat(Durations.ofHours(0)).isEqualTo("0 s");
    }
}
