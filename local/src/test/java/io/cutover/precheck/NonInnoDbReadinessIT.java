package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * so-non-innodb says what Cutover does (creates the tables as InnoDB) instead of only warning, and blocks what the
 * conversion cannot do, before anything is created: an AUTO_INCREMENT column that InnoDB refuses (issue 19).
 */
@ExtendWith(DatabaseServers.class)
class NonInnoDbReadinessIT {

    @Test
    void convertibleTablesAreAWarningThatSaysWhatCutoverDoes(TestDatabases db) {
        String s = TestDatabases.newSchema("ni_ok");
        db.source().execute("CREATE DATABASE `" + s + "`", "CREATE TABLE `" + s + "`.m (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=MyISAM");
        CheckResult r = check(db, s);
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.blocks()).isFalse();
        assertThat(r.found()).contains("Cutover creates them as InnoDB on the target");
        assertThat(r.objects()).containsExactly(s + ".m (MyISAM): created as InnoDB");
    }

    @Test
    void anAutoIncrementThatInnoDbRefusesBlocks(TestDatabases db) {
        String s = TestDatabases.newSchema("ni_refused");
        db.source().execute("CREATE DATABASE `" + s + "`",
                "CREATE TABLE `" + s + "`.per_group (grp INT NOT NULL, seq INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (grp, seq)) ENGINE=MyISAM");
        CheckResult r = check(db, s);
        assertThat(r.blocks()).as(r.found()).isTrue();
        assertThat(r.found()).contains("an AUTO_INCREMENT column that is not the first column of a key");
        assertThat(r.objects()).containsExactly(s + ".per_group.seq (MyISAM)");
    }

    private static CheckResult check(TestDatabases db, String schema) {
        MemoryArtifacts artifacts = new MemoryArtifacts();
        return Readiness.byId(Readiness.report(db.ports().artifacts(artifacts).build(), artifacts,
                Readiness.config(db.input("ni-" + schema.replace("_", "-"), List.of(schema))), DatabaseRole.SOURCE)).get("so-non-innodb");
    }
}
