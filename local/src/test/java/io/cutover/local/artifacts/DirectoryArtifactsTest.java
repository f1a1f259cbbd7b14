package io.cutover.local.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.ports.Artifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArtifactsTest {
    @TempDir
    Path dir;

    @Test
    void keysAreFilesUnderTheDirectoryOverwrittenWhole() throws Exception {
        DirectoryArtifacts artifacts = new DirectoryArtifacts(dir.resolve("artifacts"));
        String key = Artifacts.key("orders-eu", "cutover", "freeze.json");
        String location = artifacts.putJson(key, Map.of("frozen", true));
        Path file = dir.resolve("artifacts/migrations/orders-eu/cutover/freeze.json");
        assertThat(location).isEqualTo(file.toUri().toString());
        assertThat(Files.readString(file)).isEqualTo("{\"frozen\":true}");
        artifacts.put(key, "{}".getBytes(), "application/json");
        assertThat(artifacts.get(key)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("{}"));
        assertThat(artifacts.get("migrations/orders-eu/none.json")).isEmpty();
        assertThat(artifacts.keys()).containsExactly(key);
        assertThat(artifacts.getJson(key, Map.class)).contains(Map.of());
    }

    @Test
    void aKeyCannotLeaveTheDirectory() {
        DirectoryArtifacts artifacts = new DirectoryArtifacts(dir);
        for (String bad : new String[] {"/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", "", "a\\b"}) {
            assertThatThrownBy(() -> artifacts.put(bad, new byte[0], "text/plain")).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("artifact key");
        }
        assertThat(artifacts.keys()).isEmpty();
    }
}
