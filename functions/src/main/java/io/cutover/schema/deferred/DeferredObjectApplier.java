package io.cutover.schema.deferred;

import io.cutover.core.db.Database;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.error.CutoverException;
import io.cutover.schema.ddl.DatabaseDefaults;
import io.cutover.schema.ddl.SqlFailures;
import io.cutover.schema.ddl.TimeBudget;
import io.cutover.schema.deferred.AppliedObjects.ObjectState;
import io.cutover.schema.deferred.AppliedObjects.Status;
import io.cutover.schema.sql.DefinerRewriter;
import io.cutover.schema.sql.SqlScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runbook 6.1 phase 2: creates the extracted objects on the target in order (procedures, functions, views in
 * dependency order, triggers, events), each with the DEFINER {@link Definers} chooses (the input's mapping, else the
 * source's definer where that account exists on the target, else Cutover's target account) and in
 * the sql_mode and character set context it had on the source. Events are created ENABLED or DISABLED as on
 * the source (SHOW CREATE EVENT carries the status).
 *
 * <p>Idempotent: an object that exists is compared, never replaced; one whose CREATE was cut off by a lost
 * connection either exists (and is compared) or does not (and is created). A view or trigger that fails is tried
 * again after the others (it may read a view, or follow a trigger, created later).
 */
public final class DeferredObjectApplier {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredObjectApplier.class);
    private static final Set<ObjectType> RETRIED = Set.of(ObjectType.VIEW, ObjectType.TRIGGER);

    private final Database target;
    private final DatabaseDefaults defaults;
    private final List<io.cutover.core.config.MigrationConfig.DefinerMapping> definerMappings;

    public DeferredObjectApplier(Database target) {
        this(target, DatabaseDefaults.asSource());
    }

    /** {@code defaults}: the target databases' defaults as 2.5 created them (decides the database collation objects record). */
    public DeferredObjectApplier(Database target, DatabaseDefaults defaults) {
        this(target, defaults, List.of());
    }

    /** {@code definerMappings}: the input's {@code definers} (source account → target account). */
    public DeferredObjectApplier(Database target, DatabaseDefaults defaults, List<io.cutover.core.config.MigrationConfig.DefinerMapping> definerMappings) {
        this.target = target;
        this.defaults = defaults;
        this.definerMappings = definerMappings == null ? List.of() : definerMappings;
    }

    public record Outcome(AppliedObjects report, String script) {}

    public Outcome apply(DeferredObjects extracted, TimeBudget budget) {
        Definers definers = Definers.of(definerMappings, target);
        String account = definers.cutoverAccount();
        ServerInfo server = target.server();
        Map<String, String> sessionBefore = CreationContext.sessionBefore(target);
        Map<String, DeferredObject> existing = DeferredObjectReader.index(
                DeferredObjectReader.read(target, extracted.schemas()), DeferredObject::key);
        Map<String, String> databaseCollations = defaults.configured()
                ? DatabaseDefaults.collations(target, extracted.schemas()) : Map.of();

        Map<String, ObjectState> states = new LinkedHashMap<>();
        List<CreationContext> retry = new ArrayList<>();
        SqlScript script = new SqlScript().comment("Deferred objects of migration " + extracted.migrationId()
                + " as Cutover created them on " + server.describe() + " (as " + account + "; each object's DEFINER noted with it)");
        boolean complete = true;
        int created = 0;
        for (DeferredObject object : extracted.objects()) {
            DeferredObject present = existing.get(object.key());
            // The budget limits new work only: each call creates at least one object and compares the rest quickly.
            if (present == null && created > 0 && budget.exhausted()) {
                complete = false;
                break;
            }
            Definers.Choice definer = definers.forObject(object.definer());
            String[] userHost = DefinerRewriter.splitAccount(definer.account());
            CreationContext context = CreationContext.of(object, userHost[0], userHost[1], server).withNote(definer.why());
            if (context.error() != null) {
                states.put(object.key(), state(object, Status.FAILED, List.of(), context.notes(), object.label() + ": " + context.error()));
                continue;
            }
            addToScript(script, context);
            if (present != null) {
                states.put(object.key(), compared(context, present, definer.account(), databaseCollations));
                continue;
            }
            Integer failure = create(context, definer.account(), sessionBefore, states, databaseCollations);
            created++;
            if (failure != null && RETRIED.contains(object.type())) {
                retry.add(context);
            }
        }
        // A view or trigger that failed may need an object created after it (a view in a cycle of coincidental
        // references): tried again, as long as each round creates something.
        boolean progress = true;
        while (!retry.isEmpty() && progress) {
            progress = false;
            for (var it = retry.iterator(); it.hasNext(); ) {
                CreationContext context = it.next();
                states.remove(context.source().key());
                if (create(context, definers.forObject(context.source().definer()).account(), sessionBefore, states, databaseCollations) == null) {
                    it.remove();
                    progress = true;
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        String scheduler = target.globalVariable("event_scheduler").orElse("unknown");
        long enabledEvents = extracted.objects().stream()
                .filter(o -> o.type() == ObjectType.EVENT && "ENABLED".equalsIgnoreCase(o.status())).count();
        if (enabledEvents > 0 && !scheduler.equalsIgnoreCase("ON")) {
            warnings.add(enabledEvents + " event(s) are ENABLED as on the source, but the target's event_scheduler is " + scheduler
                    + ": they will not run until event_scheduler=ON (cluster parameter group)");
        }
        List<ObjectState> inOrder = new ArrayList<>();
        for (DeferredObject object : extracted.objects()) {
            ObjectState state = states.get(object.key());
            if (state != null) {
                inOrder.add(state); // the extraction's order, whatever order retries created them in
            }
        }
        AppliedObjects report = new AppliedObjects(extracted.migrationId(), server.describe(), account, complete,
                extracted.sourceEventScheduler(), scheduler, warnings, inOrder);
        return new Outcome(report, script.text());
    }

    /** Creates the object and records its state; returns the server's error code if it failed (0: no code), else null. */
    private Integer create(CreationContext context, String account, Map<String, String> sessionBefore, Map<String, ObjectState> states,
                           Map<String, String> databaseCollations) {
        DeferredObject object = context.source();
        try {
            context.create(target, sessionBefore);
            LOG.info("created {}", object.label());
        } catch (CutoverException e) {
            if (SqlFailures.stopsEverything(e)) {
                throw e;
            }
            DeferredObject now = DeferredObjectReader.readOne(target, object);
            if (now == null) {
                String error = "CREATE " + object.type() + " failed on the target: " + SqlFailures.describe(e);
                LOG.warn("{}: {}", object.label(), error);
                states.put(object.key(), state(object, Status.FAILED, List.of(), context.notes(), error));
                return SqlFailures.code(e);
            }
            LOG.info("{} already exists (created by an earlier attempt)", object.label());
        }
        DeferredObject created = DeferredObjectReader.readOne(target, object);
        if (created == null) {
            // e.g. a one-time event whose time is past and that is not preserved: the server drops it at once
            String error = "the target accepted CREATE " + object.type() + " but has no such object afterwards";
            states.put(object.key(), state(object, Status.FAILED, List.of(), context.notes(), error));
            return 0;
        }
        states.put(object.key(), compared(context, created, account, databaseCollations));
        return null;
    }

    private ObjectState compared(CreationContext context, DeferredObject actual, String account, Map<String, String> databaseCollations) {
        String databaseCollation = defaults.objectDatabaseCollation(context.source().databaseCollation(),
                databaseCollations.get(context.source().schema()));
        List<String> differences = DeferredObjectComparison.differences(context, actual, account, databaseCollation);
        return state(context.source(), differences.isEmpty() ? Status.PRESENT : Status.DIFFERS, differences, context.notes(), null);
    }

    private static ObjectState state(DeferredObject o, Status status, List<String> differences, List<String> notes, String error) {
        return new ObjectState(o.type(), o.schema(), o.name(), status, differences, notes, error);
    }

    private static void addToScript(SqlScript script, CreationContext context) {
        script.comment(context.source().label() + " (definer on the source: " + context.source().definer() + ")");
        context.notes().forEach(script::comment);
        context.sessionStatements().forEach(script::statement);
        script.compound(context.statement());
    }
}
