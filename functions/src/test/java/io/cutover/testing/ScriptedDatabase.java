package io.cutover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.error.CutoverException;
import io.cutover.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Database} that answers from a recording instead of a server: the way to test the MySQL-only
 * branches (gtid_mode, super_read_only, RDS procedures, SHOW BINARY LOG STATUS) where only MariaDB runs.
 *
 * <p>Recordings are JSON files under {@code src/test/resources/recorded/}:
 * <pre>{"server": "MySQL 8.0.36 on RDS", "variables": {"log_bin": "ON", …},
 *  "queries": [{"sql": "CALL mysql.rds_show_configuration", "rows": [{"name": …, "value": …}]},
 *              {"sql": "SHOW BINARY LOG STATUS", "error": {"code": 1064, "message": "…"}}]}</pre>
 * A query matches when its whitespace-normalised text starts with the recorded {@code sql}.
 */
public final class ScriptedDatabase implements Database {
    private final DatabaseRole role;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<Answer> answers = new ArrayList<>();
    private final List<String> executed = new ArrayList<>();

    private record Answer(String sqlPrefix, List<Row> rows, CutoverException error) {}

    public ScriptedDatabase(DatabaseRole role) {
        this.role = role;
    }

    /** Loads {@code recorded/<name>.json} from the test class path. */
    public static ScriptedDatabase recording(DatabaseRole role, String name) {
        String path = "/recorded/" + name + ".json";
        try (InputStream in = ScriptedDatabase.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + path);
            }
            JsonNode json = Json.MAPPER.readTree(in);
            ScriptedDatabase db = new ScriptedDatabase(role);
            json.path("variables").fields().forEachRemaining(e -> db.variable(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            for (JsonNode q : json.path("queries")) {
                if (q.has("error")) {
                    db.fail(q.get("sql").asText(), q.get("error").path("code").asInt(), q.get("error").path("message").asText());
                } else {
                    List<Row> rows = new ArrayList<>();
                    for (JsonNode r : q.path("rows")) {
                        Map<String, Object> values = new LinkedHashMap<>();
                        r.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
                        rows.add(new Row(values));
                    }
                    db.answer(q.get("sql").asText(), rows);
                }
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ScriptedDatabase variable(String name, String value) {
        if (value == null) {
            variables.remove(name.toLowerCase(Locale.ROOT));
        } else {
            variables.put(name.toLowerCase(Locale.ROOT), value);
        }
        return this;
    }

    public ScriptedDatabase answer(String sqlPrefix, List<Row> rows) {
        answers.add(0, new Answer(normalise(sqlPrefix), rows, null));
        return this;
    }

    /** Makes matching queries fail like the server would, e.g. code 1227 (access denied) or 1064 (syntax). */
    public ScriptedDatabase fail(String sqlPrefix, int errorCode, String message) {
        java.sql.SQLException sql = new java.sql.SQLException(message, errorCode == 1064 ? "42000" : "HY000", errorCode);
        answers.add(0, new Answer(normalise(sqlPrefix), null, io.cutover.core.db.SqlErrors.translate(role, "query", sql)));
        return this;
    }

    public List<String> executed() {
        return List.copyOf(executed);
    }

    @Override
    public DatabaseRole role() {
        return role;
    }

    @Override
    public ServerInfo server() {
        return ServerInfo.of(variables.get("version"), variables.get("version_comment"), variables.get("aurora_version"));
    }

    @Override
    public Map<String, String> globalVariables(Collection<String> names) {
        executed.add("SHOW GLOBAL VARIABLES " + names);
        Answer failure = find("SHOW GLOBAL VARIABLES");
        if (failure != null && failure.error() != null) {
            throw failure.error();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : names) {
            String v = variables.get(name.toLowerCase(Locale.ROOT));
            if (v != null) {
                result.put(name.toLowerCase(Locale.ROOT), v);
            }
        }
        return result;
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        executed.add(normalise(sql));
        Answer answer = find(normalise(sql));
        if (answer == null) {
            throw new AssertionError("the recording has no answer for: " + normalise(sql));
        }
        if (answer.error() != null) {
            throw answer.error();
        }
        return answer.rows();
    }

    @Override
    public int update(String sql, Object... params) {
        executed.add(normalise(sql));
        Answer answer = find(normalise(sql));
        if (answer != null && answer.error() != null) {
            throw answer.error();
        }
        return 0;
    }

    @Override
    public Connection jdbc() {
        throw new UnsupportedOperationException("a recording has no JDBC connection");
    }

    @Override
    public void close() {}

    private Answer find(String sql) {
        for (Iterator<Answer> it = answers.iterator(); it.hasNext(); ) {
            Answer a = it.next();
            if (sql.toUpperCase(Locale.ROOT).startsWith(a.sqlPrefix().toUpperCase(Locale.ROOT))) {
                return a;
            }
        }
        return null;
    }

    private static String normalise(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }
}
