package io.cutover.schema.deferred;

import io.cutover.core.config.MigrationConfig.DefinerMapping;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.schema.sql.DefinerRewriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who owns a view, routine, trigger or event on the target (its DEFINER), decided per object:
 * <ol>
 *   <li>the input's {@code definers} mapping (source account → target account), when it names the source's definer;</li>
 *   <li>else the source's definer itself, when that account exists on the target (an object then runs with the same
 *       account as on the source);</li>
 *   <li>else Cutover's target account (the object would otherwise fail at first use: MySQL error 1449), which the
 *       readiness check {@code so-definer-privileges} reports when that runs SQL SECURITY DEFINER code with more
 *       privileges than on the source.</li>
 * </ol>
 * Accounts are written {@code user@host} as information_schema and CURRENT_USER() write them; hosts compare without
 * case (https://dev.mysql.com/doc/refman/8.0/en/account-names.html).
 */
public final class Definers {
    /** The definer chosen for an object and why. */
    public record Choice(String account, String why) {}

    private final Map<String, String> mapping = new LinkedHashMap<>();
    private final Set<String> targetAccounts;
    private final String cutoverAccount;

    /** {@code targetAccounts}: the target's accounts, {@code user@host}; null when they could not be read. */
    public Definers(List<DefinerMapping> mappings, Set<String> targetAccounts, String cutoverAccount) {
        for (DefinerMapping m : mappings == null ? List.<DefinerMapping>of() : mappings) {
            mapping.put(key(m.source()), m.target());
        }
        this.targetAccounts = targetAccounts == null ? null : new TreeSet<>(targetAccounts.stream().map(Definers::key).toList());
        this.cutoverAccount = cutoverAccount;
    }

    /** For the applier and the readiness check: the target's accounts and Cutover's own, read from {@code target}. */
    public static Definers of(List<DefinerMapping> mappings, Database target) {
        return new Definers(mappings, accounts(target), target.query("SELECT CURRENT_USER() AS u").get(0).string("u"));
    }

    /** The accounts of {@code db} ({@code user@host}), or null when mysql.user cannot be read. */
    public static Set<String> accounts(Database db) {
        try {
            Set<String> out = new TreeSet<>();
            for (Row r : db.query("SELECT user AS u, host AS h FROM mysql.user")) {
                out.add(r.string("u") + "@" + r.string("h"));
            }
            return out;
        } catch (TransientDatabaseException e) {
            throw e;
        } catch (CutoverException e) {
            return null;
        }
    }

    public Choice forObject(String sourceDefiner) {
        if (sourceDefiner != null && mapping.containsKey(key(sourceDefiner))) {
            String mapped = mapping.get(key(sourceDefiner));
            return new Choice(mapped, "definer " + sourceDefiner + " mapped to " + mapped + " (input: definers)");
        }
        if (sourceDefiner != null && !sourceDefiner.isBlank() && targetAccounts != null && targetAccounts.contains(key(sourceDefiner))) {
            return new Choice(sourceDefiner, "definer " + sourceDefiner + " kept: the account exists on the target");
        }
        String why = targetAccounts == null ? "the target's accounts could not be read (SELECT on mysql.user)"
                : sourceDefiner == null || sourceDefiner.isBlank() ? "it has no definer on the source"
                : "the account " + sourceDefiner + " does not exist on the target";
        return new Choice(cutoverAccount, "definer " + cutoverAccount + " (Cutover's target account): " + why
                + "; map it with the input's definers, or create the account on the target");
    }

    public String cutoverAccount() {
        return cutoverAccount;
    }

    /** {@code user@host} with the host in lower case (host names compare without case). */
    static String key(String account) {
        String[] uh = DefinerRewriter.splitAccount(account.replace("`", "").replace("'", ""));
        return uh[1] == null ? uh[0] : uh[0] + "@" + uh[1].toLowerCase(Locale.ROOT);
    }
}
