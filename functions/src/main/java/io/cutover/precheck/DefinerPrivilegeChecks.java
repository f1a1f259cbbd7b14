package io.cutover.precheck;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Severity;
import io.cutover.schema.deferred.Definers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code so-definer-privileges}: code that runs with its definer's rights (routines and views with SQL SECURITY
 * DEFINER; triggers and events always: https://dev.mysql.com/doc/refman/8.0/en/stored-objects-security.html) must not
 * run on the target as an account with more privileges than its definer has on the source. The definer each object
 * gets on the target is the one {@link Definers} chooses at the cutover point (the input's mapping, else the source's
 * definer where that account exists on the target, else Cutover's target account). Privileges compared: global ones
 * and those on the object's schema (information_schema.USER_PRIVILEGES and SCHEMA_PRIVILEGES; privileges through
 * roles are not seen, and then the check may report too much, never too little).
 */
@RunsOn(Side.BOTH)
public final class DefinerPrivilegeChecks implements CheckGroup {
    static final CheckDefinition DEFINER_PRIVILEGES = new CheckDefinition("so-definer-privileges",
            "SQL SECURITY DEFINER code runs with no more privileges on the target than on the source", Severity.BLOCKER,
            "Routines and views with SQL SECURITY DEFINER, triggers and events run with their definer's privileges. When the "
                    + "definer account does not exist on the target, the object would belong to Cutover's administrative "
                    + "account and run with its privileges: code the application calls would then be able to do more than "
                    + "on the source.",
            "Create the definer accounts on the target with the privileges they have on the source, or map each definer "
                    + "to a target account with no more privileges (the input's definers: [{\"source\": \"app@%\", \"target\": "
                    + "\"app@%\"}]); or, after judging it, accept the blocker with a reason (readiness.acceptedBlockers).");

    @Override
    public List<CheckResult> run(CheckContext context) {
        return new Checks().run(DEFINER_PRIVILEGES, () -> check(context)).results();
    }

    private static CheckResult check(CheckContext context) {
        Database source = context.source();
        Database target = context.target();
        SchemaScope scope = SchemaScope.of(context.config());
        List<Row> objects = new ArrayList<>();
        objects.addAll(source.query("SELECT ROUTINE_SCHEMA AS s, ROUTINE_NAME AS n, ROUTINE_TYPE AS t, DEFINER AS d FROM information_schema.ROUTINES "
                + "WHERE SECURITY_TYPE = 'DEFINER' AND " + scope.in("ROUTINE_SCHEMA"), scope.params()));
        objects.addAll(source.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, 'VIEW' AS t, DEFINER AS d FROM information_schema.VIEWS "
                + "WHERE SECURITY_TYPE = 'DEFINER' AND " + scope.in("TABLE_SCHEMA"), scope.params()));
        objects.addAll(source.query("SELECT TRIGGER_SCHEMA AS s, TRIGGER_NAME AS n, 'TRIGGER' AS t, DEFINER AS d FROM information_schema.TRIGGERS "
                + "WHERE " + scope.in("TRIGGER_SCHEMA"), scope.params()));
        objects.addAll(source.query("SELECT EVENT_SCHEMA AS s, EVENT_NAME AS n, 'EVENT' AS t, DEFINER AS d FROM information_schema.EVENTS "
                + "WHERE " + scope.in("EVENT_SCHEMA"), scope.params()));
        if (objects.isEmpty()) {
            return DEFINER_PRIVILEGES.passed("no code runs with its definer's rights in the migrated schemas");
        }
        Definers definers = Definers.of(context.config().definers(), target);
        Map<String, Set<String>> sourcePrivileges = new LinkedHashMap<>();
        Map<String, Set<String>> targetPrivileges = new LinkedHashMap<>();
        List<String> wider = new ArrayList<>();
        for (Row o : objects) {
            String schema = o.string("s");
            String sourceDefiner = o.string("d");
            Definers.Choice choice = definers.forObject(sourceDefiner);
            Set<String> before = sourcePrivileges.computeIfAbsent(sourceDefiner + " " + schema, k -> privileges(source, sourceDefiner, schema));
            Set<String> after = targetPrivileges.computeIfAbsent(choice.account() + " " + schema, k -> privileges(target, choice.account(), schema));
            Set<String> extra = new TreeSet<>();
            for (String p : after) {
                String name = p.substring(0, p.indexOf(" ("));
                if (!before.contains(name + " (global)") && !before.contains(name + " (on " + schema + ")")) {
                    extra.add(p);
                }
            }
            if (!extra.isEmpty()) {
                wider.add(schema + "." + o.string("n") + " (" + o.string("t") + "): definer " + sourceDefiner + " on the source, "
                        + choice.account() + " on the target, which also has " + String.join(", ", extra));
            }
        }
        String summary = objects.size() + " object(s) run with their definer's rights";
        if (wider.isEmpty()) {
            return DEFINER_PRIVILEGES.passed(summary + "; on the target each runs as an account with no more privileges than on the source");
        }
        return DEFINER_PRIVILEGES.failed(wider.size() + " of the " + objects.size() + " object(s) that run with their definer's rights "
                + "would run with more privileges on the target than on the source", wider);
    }

    /**
     * Global privileges and those on {@code schema} of {@code account} ({@code user@host}), as {@code PRIVILEGE (global)} or
     * {@code PRIVILEGE (on schema)}; a privilege the other side holds in either scope is not counted as gained.
     */
    static Set<String> privileges(Database db, String account, String schema) {
        String[] uh = io.cutover.schema.sql.DefinerRewriter.splitAccount(account);
        String grantee = "'" + uh[0].replace("'", "''") + "'@'" + (uh[1] == null ? "%" : uh[1].replace("'", "''")) + "'";
        Set<String> out = new TreeSet<>();
        for (Row r : db.query("SELECT PRIVILEGE_TYPE AS p FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?", grantee)) {
            if (!"USAGE".equalsIgnoreCase(r.string("p"))) { // USAGE is "no privilege"
                out.add(r.string("p") + " (global)");
            }
        }
        for (Row r : db.query("SELECT PRIVILEGE_TYPE AS p FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ? AND TABLE_SCHEMA = ?",
                grantee, schema)) {
            String p = r.string("p");
            if (!out.contains(p + " (global)")) {
                out.add(p + " (on " + schema + ")");
            }
        }
        // a schema privilege the target grants globally is not more: keep the wider form only
        out.removeIf(p -> p.endsWith("(on " + schema + ")") && out.contains(p.substring(0, p.indexOf(" (")) + " (global)"));
        return out;
    }
}
