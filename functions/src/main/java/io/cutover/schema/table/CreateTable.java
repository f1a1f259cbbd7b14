package io.cutover.schema.table;

import io.cutover.core.catalog.Catalog.TableRef;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.DatabaseException;
import io.cutover.schema.sql.SqlLexer;
import io.cutover.schema.sql.SqlLexer.Kind;
import io.cutover.schema.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code SHOW CREATE TABLE} statement cut into its parts: the header, one element per column, index and
 * constraint, the table options, and the partitioning clause. Parts are found on tokens (parentheses depth
 * and commas outside strings), so comments with commas, generated column expressions, CHECK constraints and
 * partition definitions stay whole.
 *
 * <p>Used to create target tables without foreign keys (Cutover adds them in its own steps) and to compare an
 * existing target table with the source element by element.
 */
public record CreateTable(String table, String header, List<Element> elements, String options, String partitioning) {

    public enum ElementKind { COLUMN, PRIMARY_KEY, KEY, FOREIGN_KEY, CHECK, OTHER }

    /** One line between the parentheses; {@code name} is the column, index or constraint name (null for PRIMARY KEY). */
    public record Element(ElementKind kind, String name, String text) {
        public String label() {
            return switch (kind) {
                case COLUMN -> "column `" + name + "`";
                case PRIMARY_KEY -> "primary key";
                case KEY -> "index `" + name + "`";
                case FOREIGN_KEY -> "foreign key `" + name + "`";
                case CHECK -> "check constraint `" + name + "`";
                case OTHER -> "definition `" + text + "`";
            };
        }
    }

    /** The table's {@code SHOW CREATE TABLE} text on {@code db}. */
    public static String show(Database db, TableRef table) {
        List<Row> rows = db.query("SHOW CREATE TABLE " + table.quoted());
        if (rows.isEmpty() || rows.get(0).string("Create Table") == null) {
            throw new DatabaseException(db.role().label() + ": SHOW CREATE TABLE " + table.quoted() + " returned no definition");
        }
        return rows.get(0).string("Create Table");
    }

    public static CreateTable parse(String ddl) {
        List<Token> tokens = SqlLexer.tokenize(ddl);
        int open = -1;
        String table = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.QUOTED_NAME && table == null) {
                table = t.name();
            }
            if (t.isSymbol('(')) {
                open = i;
                break;
            }
        }
        if (open < 0 || table == null) {
            throw new IllegalArgumentException("not a CREATE TABLE statement: " + abbreviate(ddl));
        }
        List<Element> elements = new ArrayList<>();
        int depth = 1;
        int elementStart = tokens.get(open).end();
        int close = -1;
        for (int i = open + 1; i < tokens.size() && close < 0; i++) {
            Token t = tokens.get(i);
            if (t.isSymbol('(')) {
                depth++;
            } else if (t.isSymbol(')')) {
                depth--;
                if (depth == 0) {
                    elements.add(element(ddl.substring(elementStart, t.start())));
                    close = i;
                }
            } else if (t.isSymbol(',') && depth == 1) {
                elements.add(element(ddl.substring(elementStart, t.start())));
                elementStart = t.end();
            }
        }
        if (close < 0) {
            throw new IllegalArgumentException("unbalanced parentheses in CREATE TABLE `" + table + "`");
        }
        String rest = ddl.substring(tokens.get(close).end());
        int partitionAt = partitionStart(rest);
        String options = (partitionAt < 0 ? rest : rest.substring(0, partitionAt)).strip();
        String partitioning = partitionAt < 0 ? "" : rest.substring(partitionAt).strip();
        return new CreateTable(table, ddl.substring(0, tokens.get(open).end()), List.copyOf(elements), options, partitioning);
    }

    public List<Element> elementsOf(ElementKind kind) {
        return elements.stream().filter(e -> e.kind() == kind).toList();
    }

    public List<String> columnNames() {
        return elementsOf(ElementKind.COLUMN).stream().map(Element::name).toList();
    }

    /** The statement without its foreign keys, in SHOW CREATE TABLE's layout. */
    public String withoutForeignKeys() {
        List<String> kept = elements.stream().filter(e -> e.kind() != ElementKind.FOREIGN_KEY).map(e -> "  " + e.text()).toList();
        StringBuilder sb = new StringBuilder(header).append('\n').append(String.join(",\n", kept)).append("\n)");
        if (!options.isEmpty()) sb.append(' ').append(options);
        if (!partitioning.isEmpty()) sb.append('\n').append(partitioning);
        return sb.toString();
    }

    private static Element element(String raw) {
        String text = raw.strip();
        List<Token> t = SqlLexer.significant(text);
        if (t.isEmpty()) {
            return new Element(ElementKind.OTHER, null, text);
        }
        Token first = t.get(0);
        if (first.kind() == Kind.QUOTED_NAME) {
            return new Element(ElementKind.COLUMN, first.name(), text);
        }
        if (first.isWord("PRIMARY")) {
            return new Element(ElementKind.PRIMARY_KEY, null, text);
        }
        if (first.isWord("CONSTRAINT") && t.size() > 2) {
            String name = t.get(1).name();
            if (t.get(2).isWord("FOREIGN")) return new Element(ElementKind.FOREIGN_KEY, name, text);
            if (t.get(2).isWord("CHECK")) return new Element(ElementKind.CHECK, name, text);
            if (t.get(2).isWord("PRIMARY")) return new Element(ElementKind.PRIMARY_KEY, null, text);
            if (t.get(2).isWord("UNIQUE")) return new Element(ElementKind.KEY, keyName(t, 3), text);
        }
        if (first.isWord("FOREIGN")) {
            return new Element(ElementKind.FOREIGN_KEY, keyName(t, 2), text);
        }
        String upper = first.upper();
        if (List.of("KEY", "INDEX", "UNIQUE", "FULLTEXT", "SPATIAL", "VECTOR").contains(upper)) {
            return new Element(ElementKind.KEY, keyName(t, 1), text);
        }
        return new Element(ElementKind.OTHER, null, text);
    }

    /** The first quoted name at or after {@code from} (skipping KEY / INDEX words). */
    private static String keyName(List<Token> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.QUOTED_NAME) return t.name();
            if (t.isSymbol('(')) break;
        }
        return null;
    }

    /** Where the partitioning clause starts in the text after the closing parenthesis, or -1. */
    private static int partitionStart(String rest) {
        for (Token t : SqlLexer.tokenize(rest)) {
            if (t.isWord("PARTITION")) {
                int start = t.start();
                // include a version comment opener just before it: "/*!50100 PARTITION BY …"
                int versionAt = rest.lastIndexOf("/*!", start);
                if (versionAt >= 0 && rest.substring(versionAt, start).matches("/\\*!\\d*\\s*")) {
                    return versionAt;
                }
                return start;
            }
        }
        return -1;
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 100 ? oneLine.substring(0, 100) + "…" : oneLine;
    }

    @Override
    public String toString() {
        return "CREATE TABLE `" + table + "` (" + elements.size() + " elements)";
    }
}
