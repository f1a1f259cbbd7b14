package io.cutover.precheck.objects;

import io.cutover.schema.sql.SqlLexer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds, in the body of a routine, view, trigger or event (or a generated column's expression), the constructs
 * MySQL 8.0 no longer parses: functions removed in 8.0, {@code GROUP BY … ASC/DESC} and the {@code .table}
 * syntax. It tokenizes the SQL (strings, quoted names and comments are skipped, so a removed function's name in
 * a string or a comment is not reported) and looks at tokens, not at text. It is a screen, not a parser: a
 * full 8.0 parse happens when the schema phase recreates the objects on the target.
 */
final class SqlScanner {
    /** Functions removed in MySQL 8.0, with their replacement (null: none). */
    static final Map<String, String> REMOVED_FUNCTIONS = new TreeMap<>();

    static {
        REMOVED_FUNCTIONS.put("PASSWORD", null);
        for (String aes : List.of("ENCODE", "DECODE", "DES_ENCRYPT", "DES_DECRYPT")) {
            REMOVED_FUNCTIONS.put(aes, "AES_ENCRYPT / AES_DECRYPT");
        }
        REMOVED_FUNCTIONS.put("ENCRYPT", "SHA2");
        for (String mbr : List.of("CONTAINS", "DISJOINT", "EQUALS", "INTERSECTS", "OVERLAPS", "WITHIN")) {
            REMOVED_FUNCTIONS.put(mbr, "MBR" + mbr);
        }
        REMOVED_FUNCTIONS.put("MBREQUAL", "MBREQUALS");
        REMOVED_FUNCTIONS.put("GLENGTH", "ST_LENGTH");
        for (String gis : List.of("AREA", "ASBINARY", "ASTEXT", "ASWKB", "ASWKT", "BUFFER", "CENTROID", "CROSSES",
                "DIMENSION", "DISTANCE", "ENDPOINT", "ENVELOPE", "EXTERIORRING", "GEOMCOLLFROMTEXT", "GEOMCOLLFROMWKB",
                "GEOMETRYCOLLECTIONFROMTEXT", "GEOMETRYCOLLECTIONFROMWKB", "GEOMETRYFROMTEXT", "GEOMETRYFROMWKB",
                "GEOMETRYN", "GEOMETRYTYPE", "GEOMFROMTEXT", "GEOMFROMWKB", "INTERIORRINGN", "ISCLOSED", "ISEMPTY",
                "ISSIMPLE", "LINEFROMTEXT", "LINEFROMWKB", "LINESTRINGFROMTEXT", "LINESTRINGFROMWKB", "MLINEFROMTEXT",
                "MLINEFROMWKB", "MPOINTFROMTEXT", "MPOINTFROMWKB", "MPOLYFROMTEXT", "MPOLYFROMWKB",
                "MULTILINESTRINGFROMTEXT", "MULTILINESTRINGFROMWKB", "MULTIPOINTFROMTEXT", "MULTIPOINTFROMWKB",
                "MULTIPOLYGONFROMTEXT", "MULTIPOLYGONFROMWKB", "NUMGEOMETRIES", "NUMINTERIORRINGS", "NUMPOINTS",
                "POINTFROMTEXT", "POINTFROMWKB", "POINTN", "POLYFROMTEXT", "POLYFROMWKB", "POLYGONFROMTEXT",
                "POLYGONFROMWKB", "SRID", "STARTPOINT", "TOUCHES", "X", "Y")) {
            REMOVED_FUNCTIONS.put(gis, "ST_" + gis);
        }
    }

    /** A name right after one of these is a table or routine name, not a function call. */
    private static final Set<String> NAME_CONTEXT = Set.of("INTO", "TABLE", "FROM", "JOIN", "UPDATE", "FUNCTION",
            "PROCEDURE", "TRIGGER", "VIEW", "EVENT", "CALL");
    /** Keywords that end a GROUP BY list at its own nesting depth. */
    private static final Set<String> GROUP_BY_END = Set.of("HAVING", "ORDER", "LIMIT", "WINDOW", "UNION", "INTO",
            "FOR", "LOCK", "EXCEPT", "INTERSECT", "PROCEDURE");
    /** Keywords after which a {@code .name} is the removed "empty schema" table syntax. */
    private static final Set<String> TABLE_CONTEXT = Set.of("FROM", "JOIN", "UPDATE", "INTO", "TABLE");

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, VARIABLE, SYMBOL }

    record Token(Kind kind, String text) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private SqlScanner() {}

    /** What in {@code sql} MySQL 8.0 does not parse, one description per distinct problem. */
    static List<String> problems(String sql) {
        List<Token> tokens = tokenize(sql);
        Set<String> found = new LinkedHashSet<>();
        found.addAll(removedFunctions(tokens));
        if (hasGroupByDirection(tokens)) {
            found.add("GROUP BY with ASC/DESC (removed in 8.0: sort with ORDER BY)");
        }
        if (hasEmptySchemaTableSyntax(tokens)) {
            found.add("'.table' syntax without a schema name (removed in 8.0)");
        }
        return List.copyOf(found);
    }

    static List<String> removedFunctions(List<Token> tokens) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < tokens.size() - 1; i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.WORD || !tokens.get(i + 1).isSymbol('(')) {
                continue;
            }
            String name = t.upper();
            if (!REMOVED_FUNCTIONS.containsKey(name)) {
                continue;
            }
            if (i > 0) {
                Token before = tokens.get(i - 1);
                if (before.isSymbol('.') || (before.kind() == Kind.WORD && NAME_CONTEXT.contains(before.upper()))) {
                    continue; // db.password(...) is a stored function; INTO area (...) is a column list
                }
            }
            String replacement = REMOVED_FUNCTIONS.get(name);
            String text = "uses " + name + "(), removed in 8.0" + (replacement == null ? "" : " (use " + replacement + ")");
            if (!found.contains(text)) {
                found.add(text);
            }
        }
        return found;
    }

    static boolean hasGroupByDirection(List<Token> tokens) {
        int depth = 0;
        int groupByDepth = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol('(')) {
                depth++;
                continue;
            }
            if (t.isSymbol(')')) {
                depth--;
                if (groupByDepth > depth) {
                    groupByDepth = -1;
                }
                continue;
            }
            if (t.isSymbol(';')) {
                groupByDepth = -1;
                continue;
            }
            if (t.isWord("GROUP") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("BY")) {
                groupByDepth = depth;
                i++;
                continue;
            }
            if (groupByDepth == depth && t.kind() == Kind.WORD) {
                String word = t.upper();
                if (word.equals("ASC") || word.equals("DESC")) {
                    return true;
                }
                if (GROUP_BY_END.contains(word)) {
                    groupByDepth = -1;
                }
            }
        }
        return false;
    }

    static boolean hasEmptySchemaTableSyntax(List<Token> tokens) {
        for (int i = 1; i < tokens.size() - 1; i++) {
            if (!tokens.get(i).isSymbol('.')) {
                continue;
            }
            Token before = tokens.get(i - 1);
            Token after = tokens.get(i + 1);
            boolean nameAfter = after.kind() == Kind.WORD || after.kind() == Kind.QUOTED_NAME;
            boolean tableContext = (before.kind() == Kind.WORD && TABLE_CONTEXT.contains(before.upper()))
                    || (before.isSymbol(',') && precededByFromList(tokens, i - 1));
            if (nameAfter && tableContext) {
                return true;
            }
        }
        return false;
    }

    /** For {@code , .t}: true when the comma belongs to a FROM list (a FROM appears earlier at the same depth). */
    private static boolean precededByFromList(List<Token> tokens, int comma) {
        int depth = 0;
        for (int i = comma - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.isSymbol(')')) depth++;
            else if (t.isSymbol('(')) {
                if (depth == 0) return false;
                depth--;
            } else if (depth == 0 && t.kind() == Kind.WORD) {
                String w = t.upper();
                if (w.equals("FROM") || w.equals("JOIN")) return true;
                if (w.equals("SELECT") || w.equals("WHERE") || w.equals("SET") || w.equals("VALUES")) return false;
            } else if (depth == 0 && t.isSymbol(';')) {
                return false;
            }
        }
        return false;
    }

    /**
     * The code tokens of {@code sql}, from the schema phase's {@link SqlLexer} (comments dropped, the content of
     * MySQL's {@code /*!80000 …} and MariaDB's {@code /*M!100301 …} executable comments kept as code), with numbers
     * ({@code 1.5}, {@code .5}) and variables ({@code @x}, {@code @@global.x}) joined into one token each.
     */
    static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        if (sql == null) {
            return tokens;
        }
        List<SqlLexer.Token> in = SqlLexer.significant(sql);
        for (int k = 0; k < in.size(); k++) {
            SqlLexer.Token t = in.get(k);
            boolean number = t.kind() == SqlLexer.Kind.WORD && Character.isDigit(t.text().charAt(0))
                    || t.isSymbol('.') && k + 1 < in.size() && adjacent(t, in.get(k + 1)) && startsWithDigit(in.get(k + 1))
                    && (tokens.isEmpty() || !endsOperand(tokens.get(tokens.size() - 1)));
            if (t.kind() == SqlLexer.Kind.STRING) {
                tokens.add(new Token(Kind.STRING, ""));
            } else if (t.kind() == SqlLexer.Kind.QUOTED_NAME) {
                tokens.add(new Token(Kind.QUOTED_NAME, t.name()));
            } else if (t.isSymbol('@') || number) {
                // join what is written without a gap: @@global.x, 1.5e3, .5
                StringBuilder text = new StringBuilder(t.text());
                while (k + 1 < in.size() && adjacent(in.get(k), in.get(k + 1)) && joinable(in.get(k + 1))) {
                    text.append(in.get(++k).text());
                }
                tokens.add(new Token(number ? Kind.NUMBER : Kind.VARIABLE, text.toString()));
            } else if (t.kind() == SqlLexer.Kind.WORD) {
                tokens.add(new Token(Kind.WORD, t.text()));
            } else {
                tokens.add(new Token(Kind.SYMBOL, t.text()));
            }
        }
        return tokens;
    }

    private static boolean adjacent(SqlLexer.Token a, SqlLexer.Token b) {
        return a.end() == b.start();
    }

    private static boolean startsWithDigit(SqlLexer.Token t) {
        return t.kind() == SqlLexer.Kind.WORD && Character.isDigit(t.text().charAt(0));
    }

    private static boolean joinable(SqlLexer.Token t) {
        return t.kind() == SqlLexer.Kind.WORD || t.isSymbol('.') || t.isSymbol('@');
    }

    /** {@code t.5}? No: after a name, a dot is a qualifier, so {@code x.1col} stays a name. */
    private static boolean endsOperand(Token t) {
        return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_NAME || t.isSymbol(')');
    }

}
