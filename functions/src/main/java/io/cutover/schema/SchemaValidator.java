package io.cutover.schema;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import io.cutover.schema.ddl.DatabaseDefaults;
import io.cutover.schema.ddl.DdlSession;
import io.cutover.schema.deferred.CreationContext;
import io.cutover.schema.deferred.DeferredObject;
import io.cutover.schema.deferred.DeferredObjectComparison;
import io.cutover.schema.deferred.DeferredObjectReader;
import io.cutover.schema.deferred.ObjectType;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.schema.sql.DefinerRewriter;
import io.cutover.schema.table.CreateTable;
import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Catalog.Table;
import io.cutover.schema.table.TableComparison;
import io.cutover.schema.ValidationReport.Count;
import io.cutover.schema.ValidationReport.Difference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the target's schema with the source's, object by object: databases (character set, collation: the
 * source's or as configured),
 * tables (SHOW CREATE TABLE without foreign keys), foreign keys (columns, referenced table and columns,
 * rules), and procedures, functions, views, triggers and events (definition without DEFINER, definer = the one
 * {@link io.cutover.schema.deferred.Definers} chooses, sql_mode, character set context, trigger order, event status).
 */
public final class SchemaValidator {
    private final Database source;
    private final Database target;
    private final DatabaseDefaults defaults;

    public SchemaValidator(Database source, Database target) {
        this(source, target, DatabaseDefaults.asSource());
    }

    /** {@code defaults}: the databases' defaults 2.5 was configured with, {@link DatabaseDefaults#resolve resolved} on the target. */
    public SchemaValidator(Database source, Database target, DatabaseDefaults defaults) {
        this.source = source;
        this.target = target;
        this.defaults = defaults;
    }

    /** {@code definer}: the account the deferred objects must belong to on the target ({@code user@host}). */
    public ValidationReport validate(String migrationId, List<String> schemas, String definer) {
        return validate(migrationId, schemas, new io.cutover.schema.deferred.Definers(List.of(), null, definer));
    }

    /** {@code definers}: the definer each deferred object must have on the target (as 6.1 chose it). */
    public ValidationReport validate(String migrationId, List<String> schemas, io.cutover.schema.deferred.Definers definers) {
        Map<String, Count> counts = new LinkedHashMap<>();
        List<Difference> differences = new ArrayList<>();
        databases(schemas, counts, differences);
        tables(schemas, counts, differences);
        foreignKeys(schemas, counts, differences);
        deferredObjects(schemas, definers, counts, differences);
        return new ValidationReport(migrationId, source.server().describe(), target.server().describe(), counts, differences);
    }

    private void databases(List<String> schemas, Map<String, Count> counts, List<Difference> differences) {
        Map<String, Row> want = schemata(source, schemas);
        Map<String, Row> have = schemata(target, schemas);
        counts.put("DATABASE", new Count(want.size(), have.size()));
        for (var e : want.entrySet()) {
            Row mine = have.get(e.getKey());
            if (mine == null) {
                differences.add(new Difference("DATABASE", Sql.quote(e.getKey()), "missing on the target"));
                continue;
            }
            defaults.differences(e.getValue().string("cs"), e.getValue().string("co"), mine.string("cs"), mine.string("co"))
                    .forEach(d -> differences.add(new Difference("DATABASE", Sql.quote(e.getKey()), d)));
        }
    }

    private static Map<String, Row> schemata(Database db, List<String> schemas) {
        Map<String, Row> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Row r : db.query("SELECT SCHEMA_NAME AS s, DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co "
                + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (" + Sql.placeholders(schemas.size()) + ")", schemas.toArray())) {
            map.put(r.string("s"), r);
        }
        return map;
    }

    private void tables(List<String> schemas, Map<String, Count> counts, List<Difference> differences) {
        DdlSession.forReading(source);
        DdlSession.forReading(target);
        List<Table> want = Catalog.read(source, schemas).baseTables();
        Map<String, Table> have = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Catalog.read(target, schemas).baseTables().forEach(t -> have.put(t.ref().toString(), t));
        counts.put("TABLE", new Count(want.size(), have.size()));
        for (Table t : want) {
            Table mine = have.remove(t.ref().toString());
            if (mine == null) {
                differences.add(new Difference("TABLE", t.ref().quoted(), "missing on the target"));
                continue;
            }
            CreateTable expected = TargetSchemaCreator.expectedTable(CreateTable.show(source, t.ref()), t.collation());
            CreateTable actual = CreateTable.parse(CreateTable.show(target, t.ref()));
            TableComparison.differences(expected, actual).forEach(d -> differences.add(new Difference("TABLE", t.ref().quoted(), d)));
        }
        have.values().forEach(t -> differences.add(new Difference("TABLE", t.ref().quoted(), "exists only on the target")));
    }

    private void foreignKeys(List<String> schemas, Map<String, Count> counts, List<Difference> differences) {
        List<ForeignKey> want = Catalog.read(source, schemas).foreignKeys();
        Map<String, ForeignKey> have = new LinkedHashMap<>();
        Catalog.read(target, schemas).foreignKeys().forEach(fk -> have.put(fk.key(), fk));
        counts.put("FOREIGN_KEY", new Count(want.size(), have.size()));
        for (ForeignKey fk : want) {
            ForeignKey mine = have.remove(fk.key());
            if (mine == null) {
                differences.add(new Difference("FOREIGN_KEY", fk.id(), "missing on the target (" + fk.clause() + ")"));
            } else if (!fk.sameDefinition(mine)) {
                differences.add(new Difference("FOREIGN_KEY", fk.id(), "differs: " + fk.describeDifference(mine)));
            }
        }
        have.values().forEach(fk -> differences.add(new Difference("FOREIGN_KEY", fk.id(), "exists only on the target")));
    }

    private void deferredObjects(List<String> schemas, io.cutover.schema.deferred.Definers definers, Map<String, Count> counts,
                                 List<Difference> differences) {
        List<DeferredObject> want = DeferredObjectReader.read(source, schemas);
        Map<String, DeferredObject> have = DeferredObjectReader.index(DeferredObjectReader.read(target, schemas), DeferredObject::key);
        Map<String, String> databaseCollations = DatabaseDefaults.collations(target, schemas);
        for (ObjectType type : ObjectType.values()) {
            int s = (int) want.stream().filter(o -> o.type() == type).count();
            int t = (int) have.values().stream().filter(o -> o.type() == type).count();
            counts.put(type.name(), new Count(s, t));
        }
        for (DeferredObject object : want) {
            DeferredObject mine = have.remove(object.key());
            String name = Sql.qualified(object.schema(), object.name());
            if (mine == null) {
                differences.add(new Difference(object.type().name(), name, "missing on the target"));
                continue;
            }
            String definer = definers.forObject(object.definer()).account();
            String[] account = DefinerRewriter.splitAccount(definer);
            CreationContext expected = CreationContext.of(object, account[0], account[1], target.server());
            if (expected.error() != null) {
                differences.add(new Difference(object.type().name(), name, expected.error()));
                continue;
            }
            String databaseCollation = defaults.objectDatabaseCollation(object.databaseCollation(), databaseCollations.get(object.schema()));
            DeferredObjectComparison.differences(expected, mine, definer, databaseCollation)
                    .forEach(d -> differences.add(new Difference(object.type().name(), name, d)));
        }
        have.values().forEach(o -> differences.add(new Difference(o.type().name(), Sql.qualified(o.schema(), o.name()),
                "exists only on the target")));
    }
}
