package io.cutover.schema.sql;

import io.cutover.core.sql.Sql;
import io.cutover.schema.sql.SqlLexer.Kind;
import io.cutover.schema.sql.SqlLexer.Token;
import java.util.List;
import java.util.Set;

/**
 * Rewrites the DEFINER of a {@code CREATE PROCEDURE / FUNCTION / VIEW / TRIGGER / EVENT} statement to an
 * account of the target (runbook 6.1's "DEFINER fix", done on tokens instead of sed):
 * <ul>
 *   <li>only the DEFINER clause of the statement header is touched, never text in the body (a string
 *       {@code 'DEFINER=`x`@`y`'} or a comment inside a routine stays as it is);</li>
 *   <li>every account form is recognised: {@code `u`@`h`}, {@code 'u'@'%'}, {@code "u"@"h"}, {@code u@h},
 *       {@code `we``ird`@`%`}, {@code CURRENT_USER}, {@code CURRENT_USER()}, a role without host, with or
 *       without spaces around {@code =};</li>
 *   <li>the header may sit inside version comments, as mysqldump writes it
 *       ({@code /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER *}{@code /});</li>
 *   <li>{@code SQL SECURITY DEFINER} is a characteristic, not a definer, and is kept;</li>
 *   <li>a statement without a DEFINER clause gets one, so that the object never silently belongs to whoever
 *       happens to run the script.</li>
 * </ul>
 */
public final class DefinerRewriter {
    private static final Set<String> OBJECT_KINDS = Set.of("PROCEDURE", "FUNCTION", "VIEW", "TRIGGER", "EVENT");

    private DefinerRewriter() {}

    /** {@code `user`@`host`}: how Cutover writes an account. */
    public static String account(String user, String host) {
        return host == null ? Sql.quote(user) : Sql.quote(user) + "@" + Sql.quote(host);
    }

    /**
     * Splits {@code CURRENT_USER()}'s answer ({@code user@host}) into user and host. The host never contains
     * '@'; a user name may, so the split is at the last one.
     */
    public static String[] splitAccount(String userAtHost) {
        int at = userAtHost.lastIndexOf('@');
        if (at < 0) {
            return new String[] {userAtHost, null};
        }
        return new String[] {userAtHost.substring(0, at), userAtHost.substring(at + 1)};
    }

    /** The statement with its DEFINER set to {@code user@host}. */
    public static String rewrite(String createStatement, String user, String host) {
        Header header = readHeader(createStatement);
        String definer = "DEFINER=" + account(user, host);
        if (header.definerStart >= 0) {
            return createStatement.substring(0, header.definerStart) + definer + createStatement.substring(header.definerEnd);
        }
        return createStatement.substring(0, header.insertAt) + definer + " " + createStatement.substring(header.insertAt);
    }

    /** The statement without its DEFINER clause (for comparing definitions whose definers differ by design). */
    public static String removeDefiner(String createStatement) {
        Header header = readHeader(createStatement);
        if (header.definerStart < 0) {
            return createStatement;
        }
        int end = header.definerEnd;
        while (end < createStatement.length() && createStatement.charAt(end) == ' ') end++;
        return createStatement.substring(0, header.definerStart) + createStatement.substring(end);
    }

    /** The DEFINER of the statement as written ({@code user@host}, unquoted), or null if it has none. */
    public static String definerOf(String createStatement) {
        Header header = readHeader(createStatement);
        return header.definer;
    }

    /** The object kind the header names: PROCEDURE, FUNCTION, VIEW, TRIGGER or EVENT. */
    public static String objectKind(String createStatement) {
        return readHeader(createStatement).kind;
    }

    private record Header(String kind, int definerStart, int definerEnd, String definer, int insertAt) {}

    private static Header readHeader(String sql) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        int i = next(tokens, 0);
        if (i >= tokens.size() || !tokens.get(i).isWord("CREATE")) {
            throw new IllegalArgumentException("not a CREATE statement: " + abbreviate(sql));
        }
        i = next(tokens, i + 1);
        int definerStart = -1, definerEnd = -1, securityAt = -1;
        String definer = null;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.isWord("OR") || t.isWord("REPLACE") || t.isWord("AGGREGATE") || t.isWord("NONEDITIONABLE")) {
                i = next(tokens, i + 1);
            } else if (t.isWord("ALGORITHM")) {
                i = next(tokens, next(tokens, i + 1) + 1); // ALGORITHM = value
                i = next(tokens, i + 1);
            } else if (t.isWord("DEFINER") && definerStart < 0) {
                int eq = next(tokens, i + 1);
                if (eq >= tokens.size() || !tokens.get(eq).isSymbol('=')) {
                    throw new IllegalArgumentException("DEFINER without '=' in: " + abbreviate(sql));
                }
                AccountSpan account = readAccount(sql, tokens, next(tokens, eq + 1));
                definerStart = t.start();
                definerEnd = account.end;
                definer = account.text;
                i = next(tokens, account.nextIndex);
            } else if (t.isWord("SQL")) {
                securityAt = securityAt < 0 ? t.start() : securityAt;
                i = next(tokens, next(tokens, next(tokens, i + 1) + 1) + 1); // SQL SECURITY DEFINER|INVOKER
            } else if (OBJECT_KINDS.contains(t.upper())) {
                int insertAt = securityAt >= 0 ? securityAt : t.start();
                return new Header(t.upper(), definerStart, definerEnd, definer, insertAt);
            } else {
                throw new IllegalArgumentException("unexpected '" + t.text() + "' in the header of: " + abbreviate(sql));
            }
        }
        throw new IllegalArgumentException("no PROCEDURE, FUNCTION, VIEW, TRIGGER or EVENT in: " + abbreviate(sql));
    }

    private record AccountSpan(int end, int nextIndex, String text) {}

    /** Reads {@code user[@host]} or {@code CURRENT_USER[()]} starting at token {@code i}. */
    private static AccountSpan readAccount(String sql, List<Token> tokens, int i) {
        if (i >= tokens.size()) {
            throw new IllegalArgumentException("DEFINER without an account in: " + abbreviate(sql));
        }
        Token user = tokens.get(i);
        if (user.isWord("CURRENT_USER")) {
            int open = next(tokens, i + 1);
            if (open < tokens.size() && tokens.get(open).isSymbol('(')) {
                int close = next(tokens, open + 1);
                return new AccountSpan(tokens.get(close).end(), close + 1, "CURRENT_USER");
            }
            return new AccountSpan(user.end(), i + 1, "CURRENT_USER");
        }
        if (user.kind() != Kind.QUOTED_NAME && user.kind() != Kind.STRING && user.kind() != Kind.WORD) {
            throw new IllegalArgumentException("DEFINER has no account name in: " + abbreviate(sql));
        }
        int at = next(tokens, i + 1);
        if (at >= tokens.size() || !tokens.get(at).isSymbol('@')) {
            return new AccountSpan(user.end(), i + 1, user.name()); // a role: no host
        }
        int h = next(tokens, at + 1);
        Token host = tokens.get(h);
        if (host.kind() == Kind.QUOTED_NAME || host.kind() == Kind.STRING) {
            return new AccountSpan(host.end(), h + 1, user.name() + "@" + host.name());
        }
        // An unquoted host: adjacent word and symbol tokens (localhost, 10.0.0.%, my-host.example.com).
        int j = h;
        StringBuilder hostText = new StringBuilder();
        while (j < tokens.size()) {
            Token part = tokens.get(j);
            boolean hostPart = part.kind() == Kind.WORD || (part.kind() == Kind.SYMBOL && ".%-_:".contains(part.text()));
            if (!hostPart || (j > h && tokens.get(j - 1).end() != part.start())) break;
            hostText.append(part.text());
            j++;
        }
        return new AccountSpan(tokens.get(j - 1).end(), j, user.name() + "@" + hostText);
    }

    private static int next(List<Token> tokens, int i) {
        while (i < tokens.size() && tokens.get(i).isTrivia()) i++;
        return i;
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 100 ? oneLine.substring(0, 100) + "…" : oneLine;
    }
}
