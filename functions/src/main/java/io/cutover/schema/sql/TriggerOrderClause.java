package io.cutover.schema.sql;

import io.cutover.schema.sql.SqlLexer.Token;
import java.util.List;

/**
 * Removes a {@code FOLLOWS t} / {@code PRECEDES t} clause from a CREATE TRIGGER statement. The order among
 * triggers of one table, timing and event is rebuilt by creating them in ACTION_ORDER (each new one goes last);
 * a clause naming a neighbour would place it elsewhere, and SHOW CREATE TRIGGER may or may not print one.
 */
public final class TriggerOrderClause {
    private TriggerOrderClause() {}

    public static String remove(String createTrigger) {
        List<Token> t = SqlLexer.significant(createTrigger);
        for (int i = 0; i + 4 < t.size(); i++) {
            if (t.get(i).isWord("FOR") && t.get(i + 1).isWord("EACH") && t.get(i + 2).isWord("ROW")
                    && (t.get(i + 3).isWord("FOLLOWS") || t.get(i + 3).isWord("PRECEDES"))) {
                int from = t.get(i + 2).end();
                int to = t.get(i + 4).end();
                return createTrigger.substring(0, from) + createTrigger.substring(to);
            }
        }
        return createTrigger;
    }
}
