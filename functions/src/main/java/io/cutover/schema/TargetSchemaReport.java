package io.cutover.schema;

import java.util.List;

/**
 * The state of the target's databases and tables compared with the source, after "2.5 Create target schema".
 * Statuses describe the target as it is (a second run reports the same), not what one run did.
 */
public record TargetSchemaReport(
        String migrationId,
        String sourceServer,
        String targetServer,
        boolean complete,
        List<String> blockers,
        List<DatabaseState> databases,
        List<TableState> tables) {

    public enum Status {
        /** The target's definition equals the source's (foreign keys aside). */
        MATCHES_SOURCE,
        /** The object existed on the target with another definition; left as it is. */
        DIFFERS,
        /** The target refused the source's definition; {@code error} says why. */
        FAILED
    }

    public record DatabaseState(String schema, String characterSet, String collation, Status status, List<String> differences) {}

    /**
     * @param engineConversion set when the source's table is in another engine and the target's is InnoDB, e.g.
     *                         {@code MyISAM → InnoDB} (Aurora MySQL has no other engine for tables); null otherwise
     */
    public record TableState(String schema, String table, Status status, List<String> differences, String error,
                             String engineConversion) {}

    /** The tables created as InnoDB from another engine: {@code schema.table (MyISAM → InnoDB)}. */
    public List<String> engineConversions() {
        return tables.stream().filter(t -> t.engineConversion() != null)
                .map(t -> t.schema() + "." + t.table() + " (" + t.engineConversion() + ")").toList();
    }

    public long tables(Status status) {
        return tables.stream().filter(t -> t.status() == status).count();
    }

    public long databases(Status status) {
        return databases.stream().filter(d -> d.status() == status).count();
    }
}
