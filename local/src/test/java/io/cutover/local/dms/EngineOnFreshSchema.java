package io.cutover.local.dms;

import io.cutover.local.db.DatabasePair;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lifecycle the engine's ITs share on the shared servers: each test gets a schema of its own, created empty
 * on both servers (the servers serve every test class of the run), and after it the engine the test started is
 * closed (it holds binlog connections) and the schema dropped on both. Subclasses create their tables in their
 * own {@code @BeforeEach}, which JUnit runs after this one.
 */
@ExtendWith(DatabaseServers.class)
abstract class EngineOnFreshSchema {
    private final String schemaPrefix;
    protected TestDatabases db;
    protected DatabasePair pair;
    protected String schema;
    /** The engine under test: each test starts its own, with the options it needs. */
    protected LocalDmsEngine engine;

    EngineOnFreshSchema(String schemaPrefix) {
        this.schemaPrefix = schemaPrefix;
    }

    @BeforeEach
    final void createSchema(TestDatabases shared) {
        db = shared;
        pair = shared.pair();
        schema = TestDatabases.newSchema(schemaPrefix);
        DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`");
    }

    @AfterEach
    final void closeEngineAndDropSchema() {
        if (engine != null) {
            engine.close();
        }
        DmsTestFixture.dropSchema(pair, schema);
    }

    /** A table of the test's schema, quoted for SQL. */
    protected String t(String table) {
        return "`" + schema + "`.`" + table + "`";
    }
}
