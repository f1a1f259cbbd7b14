package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: what a rehearsal on your own servers checks before it starts: each problem named, nothing changed. The
 * accounts here are the ones a DBA typically has at hand (too few grants, REQUIRE SSL, a fresh server's anonymous
 * account).
 */
class PreflightIT {
    private static RehearsalServers connect(DatabasePair pair, String sourceUser, String sourcePassword, String targetUser, String targetPassword) {
        RehearsalOptions o = RehearsalOptions.parse(
                "--source-url", "jdbc:mysql://127.0.0.1:" + pair.source().port() + "/?sslMode=DISABLED", "--source-user", sourceUser,
                "--target-url", "jdbc:mysql://127.0.0.1:" + pair.target().port() + "/?sslMode=DISABLED", "--target-user", targetUser);
        return RehearsalServers.connect(o.source().orElseThrow(), sourcePassword.toCharArray(), o.target().orElseThrow(), targetPassword.toCharArray());
    }

    @Test
    void missingGrantsAnonymousAccountsAndUnknownSchemasAreAllNamed() {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            pair.source().execute("CREATE DATABASE legacy", "CREATE USER 'reader'@'%' IDENTIFIED BY 'Reader-pass-1'",
                    "GRANT SELECT, SHOW VIEW, REPLICATION SLAVE ON *.* TO 'reader'@'%'", "CREATE USER ''@'localhost'",
                    "CREATE USER 'tls_only'@'%' IDENTIFIED BY 'Tls-pass-1' REQUIRE SSL");
            pair.target().execute("CREATE USER 'loader'@'%' IDENTIFIED BY 'Loader-pass-1'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `legacy`.* TO 'loader'@'%'");
            try (RehearsalServers servers = connect(pair, "reader", "Reader-pass-1", "loader", "Loader-pass-1")) {
                List<String> problems = Preflight.check(servers, List.of("legacy", "legacy_eu"), true);
                assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("source: the account 'reader'@'%' lacks")
                        .contains("BINLOG MONITOR ON *.*").contains("READ_ONLY ADMIN ON *.*").contains("CREATE ON `cutover`.*")
                        .doesNotContain("SHOW VIEW ON"));
                assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("source: anonymous accounts [''@'localhost'] exist")
                        .contains("DROP USER"));
                assertThat(problems).anySatisfy(p -> assertThat(p).contains("legacy_eu").contains("does not exist on the source"));
                assertThat(problems).noneSatisfy(p -> assertThat(p).contains("schema legacy ("));
                assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("target: the account 'loader'@'%' lacks")
                        .contains("ALL PRIVILEGES ON `awsdms_control`.*").contains("CREATE TEMPORARY TABLES ON `legacy`.*")
                        .contains("TRIGGER ON `legacy_eu`.*"));
            }
            try (RehearsalServers servers = connect(pair, "tls_only", "Tls-pass-1", "cutover", pair.password(DatabaseRole.TARGET, "cutover"))) {
                throw new AssertionError("an account that requires TLS logged in without it");
            } catch (IllegalStateException e) {
                // the servers cannot even be opened: Rehearsal reports NOT_STARTED with this message (see OwnSchemasRehearsalIT)
                assertThat(e.getMessage()).contains("tls_only");
            }
            try (RehearsalServers servers = connect(pair, "cutover", pair.password(DatabaseRole.SOURCE, "cutover"), "cutover",
                    pair.password(DatabaseRole.TARGET, "cutover"))) {
                assertThat(Preflight.check(servers, List.of("legacy"), true)).as("an ALL PRIVILEGES account on each side")
                        .singleElement().satisfies(p -> assertThat(p).contains("anonymous accounts"));
            }
        }
    }
}
