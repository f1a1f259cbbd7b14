package io.cutover.cutover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chunk sum taken in double precision is the exact integer sum: on a real server, the same chunks summed as
 * doubles (cast back to an integer) and as DECIMAL give the same figures, and a chunk above the double sum's row
 * bound is summed as DECIMAL.
 */
@ExtendWith(DatabaseServers.class)
class ChunkSumsIT {

    @Test
    void theDoubleSumOfAChunkIsItsExactSumAndAChangedRowStillChangesIt(TestDatabases db) {
        String s = TestDatabases.newSchema("chunksums");
        String table = "CREATE TABLE " + s + ".t (id INT PRIMARY KEY, name VARCHAR(30), score DOUBLE, note VARCHAR(10))";
        String fill = "INSERT INTO " + s + ".t SELECT seq, CONCAT('name-', seq), seq / 7, IF(seq % 4 = 0, NULL, 'n') FROM " + s + ".seq_1_to_5000";
        db.source().execute("CREATE DATABASE " + s, table, fill);
        db.target().execute("CREATE DATABASE " + s, table, fill);
        MemoryArtifacts artifacts = new MemoryArtifacts();
        MigrationConfig config = db.config("chunk-sums", List.of(s));
        var ports = db.ports().artifacts(artifacts).build();
        new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", "exec-1", "full", null, null, null));
        ValidationModel.TablePlan plan = artifacts.getJson(ValidationKeys.planKey(config.migrationId(), "full"), ValidationModel.Plan.class)
                .orElseThrow().tables().get(0);

        try (Database source = db.open(DatabaseRole.SOURCE, config); Database target = db.open(DatabaseRole.TARGET, config)) {
            TableValidator.prepareSession(source);
            List<String> lower = KeyCodec.encodeAll(List.<Object>of(1000));
            List<String> upper = KeyCodec.encodeAll(List.<Object>of(4000));
            record Chunk(List<String> lower, List<String> upper) {}
            for (Chunk chunk : List.of(new Chunk(null, null), new Chunk(lower, upper), new Chunk(null, lower))) {
                TableValidator.ChunkSums asDouble = TableValidator.sums(source, plan, chunk.lower(), chunk.upper(), Normalization.DOUBLE_SUM_ROWS);
                TableValidator.ChunkSums asDecimal = TableValidator.sums(source, plan, chunk.lower(), chunk.upper(), 0); // every chunk above the bound
                assertThat(asDouble).isEqualTo(asDecimal);
                assertThat(asDouble.count()).isPositive();
            }
            // the sums are far beyond 2^32 (thousands of CRC32s), where a rounded double would show
            TableValidator.ChunkSums whole = TableValidator.sums(source, plan, null, null, Normalization.DOUBLE_SUM_ROWS);
            assertThat(new BigInteger(whole.hash().substring(0, whole.hash().indexOf('/')))).isGreaterThan(BigInteger.ONE.shiftLeft(40));
            assertThat(whole.count()).isEqualTo(5000);

            db.target().execute("UPDATE " + s + ".t SET score = score + 1e-9 WHERE id = 2500");
            TableValidator.prepareSession(target);
            assertThat(TableValidator.sums(target, plan, lower, upper, Normalization.DOUBLE_SUM_ROWS))
                    .isNotEqualTo(TableValidator.sums(source, plan, lower, upper, Normalization.DOUBLE_SUM_ROWS));
            assertThat(TableValidator.sums(target, plan, null, lower, Normalization.DOUBLE_SUM_ROWS))
                    .isEqualTo(TableValidator.sums(source, plan, null, lower, Normalization.DOUBLE_SUM_ROWS));
        }
    }
}
