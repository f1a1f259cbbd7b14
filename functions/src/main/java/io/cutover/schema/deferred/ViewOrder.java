package io.cutover.schema.deferred;

import io.cutover.schema.sql.SqlLexer;
import io.cutover.schema.sql.SqlLexer.Kind;
import io.cutover.schema.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Orders views so that each comes after the views it reads (views on views, across schemas too). References
 * are read from the view's SHOW CREATE text, where the server quotes every name: {@code `s`.`v`} or, for the
 * view's own schema, {@code `v`}. Every quoted name that is also a view's name counts as a reference; an alias
 * or column that happens to share a view's name only adds an unneeded edge. If edges form a cycle (possible only
 * through such coincidences), the alphabetically first remaining view goes next, and the applier retries views
 * that failed on a missing view once the others exist.
 */
public final class ViewOrder {
    private ViewOrder() {}

    /** The views with {@code dependsOn} filled in, dependencies first, ties by schema and name. */
    public static List<DeferredObject> sort(List<DeferredObject> views) {
        Map<String, DeferredObject> byName = new LinkedHashMap<>();
        for (DeferredObject v : views) {
            byName.put(key(v.schema(), v.name()), v);
        }
        Map<String, DeferredObject> withDeps = new LinkedHashMap<>();
        for (DeferredObject v : views) {
            withDeps.put(key(v.schema(), v.name()), v.withDependsOn(references(v, byName)));
        }
        TreeSet<String> remaining = new TreeSet<>();
        remaining.addAll(withDeps.keySet());
        Set<String> done = new LinkedHashSet<>();
        List<DeferredObject> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            String next = null;
            for (String candidate : remaining) {
                boolean ready = withDeps.get(candidate).dependsOn().stream().map(ViewOrder::keyOf).allMatch(done::contains);
                if (ready) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                next = remaining.first(); // a cycle of coincidental edges: break it deterministically
            }
            remaining.remove(next);
            done.add(next);
            ordered.add(withDeps.get(next));
        }
        return ordered;
    }

    /** The views {@code view} reads, as {@code schema.name}, in order of first mention. */
    static List<String> references(DeferredObject view, Map<String, DeferredObject> views) {
        Set<String> found = new LinkedHashSet<>();
        List<Token> tokens = SqlLexer.significant(view.createStatement());
        String self = key(view.schema(), view.name());
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.QUOTED_NAME) {
                continue;
            }
            if (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol('.') && tokens.get(i + 2).kind() == Kind.QUOTED_NAME) {
                add(found, views, key(t.name(), tokens.get(i + 2).name()), self);
            }
            add(found, views, key(view.schema(), t.name()), self);
        }
        return List.copyOf(found);
    }

    private static void add(Set<String> found, Map<String, DeferredObject> views, String key, String self) {
        DeferredObject v = views.get(key);
        if (v != null && !key.equals(self)) {
            found.add(v.schema() + "." + v.name());
        }
    }

    private static String key(String schema, String name) {
        return (schema + "\u0000" + name).toLowerCase(Locale.ROOT);
    }

    /** {@code dependsOn} entries are {@code schema.name}; schema names never contain a dot (input validation). */
    private static String keyOf(String qualified) {
        int dot = qualified.indexOf('.');
        return key(qualified.substring(0, dot), qualified.substring(dot + 1));
    }
}
