package io.cutover.core.db;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One result row. Column lookup ignores case: information_schema column names are upper case on MySQL 8
 * and as written in the query on MariaDB.
 */
public final class Row {
    private final Map<String, Object> values;

    public Row(Map<String, Object> values) {
        TreeMap<String, Object> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        this.values = Collections.unmodifiableMap(copy);
    }

    public static Row of(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Row(map);
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    public Object get(String column) {
        if (!values.containsKey(column)) {
            throw new IllegalArgumentException("no column " + column + " in " + values.keySet());
        }
        return values.get(column);
    }

    public String string(String column) {
        Object v = get(column);
        if (v == null) return null;
        if (v instanceof byte[] bytes) return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        return v.toString();
    }

    public Long longValue(String column) {
        Object v = get(column);
        if (v == null) return null;
        if (v instanceof Number n) return n.longValue();
        if (v instanceof Boolean b) return b ? 1L : 0L;
        return new BigDecimal(v.toString().trim()).longValue();
    }

    public long longValue(String column, long ifNull) {
        Long v = longValue(column);
        return v == null ? ifNull : v;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
