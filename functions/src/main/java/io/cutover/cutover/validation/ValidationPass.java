package io.cutover.cutover.validation;

import io.cutover.core.catalog.Catalog;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.db.Database;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.CutoverMetrics;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The steps of a validation pass ("5.3"), on the pass's artifacts ({@link ValidationStore}): plan it, validate each
 * batch, recheck what differed while CDC runs, and summarize the verdict.
 */
public final class ValidationPass {
    /** Rechecks before what still differs is reported as differing (the post-freeze pass verifies it again). */
    public static final int MAX_ROUNDS = 3;

    private final Ports ports;

    public ValidationPass(Ports ports) {
        this.ports = ports;
    }

    /**
     * A pass's plan, and for a post-freeze pass the rows written since the pre-freeze one; {@code verified}: every batch
     * was validated by the plan step itself ({@link #validatedInPlan}).
     */
    public record Planned(Plan plan, ChangedKeys changes, boolean verified) {
        public Map<Scope, Long> scopes() {
            return plan.tables().stream().collect(Collectors.groupingBy(TablePlan::scope, () -> new EnumMap<>(Scope.class),
                    Collectors.counting()));
        }

        /** Rows written since the baseline pass started; null without a baseline. */
        public Long changedRows() {
            return changes == null ? null : changes.keys().values().stream().mapToLong(List::size).sum();
        }

        public String key() {
            return ValidationKeys.planKey(plan.migrationId(), plan.pass());
        }

        public String describe() {
            Long changed = changedRows();
            return plan.pass() + ": " + plan.tables().size() + " tables in " + plan.batches().size() + " batches " + scopes()
                    + (plan.schemaDifferences().isEmpty() ? "" : "; " + plan.schemaDifferences().size() + " schema differences")
                    + (changed == null ? "" : "; " + changed + " changed rows and " + changes.full().size()
                            + " tables to verify in full since " + changes.from().describe())
                    + (verified ? "; the changed rows compared in the plan step" : "");
        }
    }

    /**
     * Compares the catalogs, plans every table (normalisation, key, scope) and splits them into batches; records the
     * source binlog position where the pass starts. The later passes build on an earlier one: they read the binlog
     * between its start and now and re-verify only the rows written there and what differed. The catch-up pass (after
     * the freeze approval, CDC still running) builds on the pre-freeze pass and verifies the rows changed during it and
     * the wait for the approval; the post-freeze pass builds on the catch-up pass of this execution when it completed,
     * else on the pre-freeze pass, so that what it reads inside the freeze is what changed during the catch-up, however
     * long the pre-freeze pass took. Idempotent within an execution (the plan is reused).
     */
    public Planned plan(ValidationRequest input) {
        var config = input.config();
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        var existing = store.plan(input.pass()).filter(p -> input.executionName() != null && input.executionName().equals(p.executionName()));
        if (existing.isPresent()) {
            Plan plan = existing.get();
            // asked again (a retry): the batches are left when any is not complete, whoever validated the others
            boolean verified = ValidationRequest.POST_FREEZE.equals(plan.pass()) && java.util.stream.IntStream.range(0, plan.batches().size())
                    .allMatch(i -> store.batch(plan, i).map(BatchResult::complete).orElse(false));
            return new Planned(plan, store.changes(input.pass()).orElse(null), verified);
        }
        var v = config.cutover().validation();
        boolean catchUp = ValidationRequest.CATCH_UP.equals(input.pass());
        // the post-freeze plan step may compare the changed rows itself (validatedInPlan): its sessions are set up for it
        boolean mayCompare = ValidationRequest.POST_FREEZE.equals(input.pass()) && v.checksums();
        ValidationPlanner planner = new ValidationPlanner(v.tablesPerBatch(), v.checksums(), v.chunkTargetMillis(), v.exactCounts());
        // Every fixed cost overlaps: the sessions open while the base pass's artifacts are read; the binlog connection (its
        // own) opens and takes events from the base's position while the sessions finish opening; the target's session
        // reads its side while the source's reads the counters and the position, which ends the binlog read, then the
        // source's catalogue. Each side's catalogue is read once for the plan (the compared tables, and the foreign keys of
        // the closure); the target's write counters only where they are compared (not in the catch-up pass).
        var opening = BothSides.openInBackground(ports, config);
        Base base;
        ValidationModel.BaselineMarker marker;
        ChangedKeysReader reader;
        ChangedKeysReader.Reading reading;
        try {
            base = v.checksums() ? base(store, input) : null;
            if (catchUp && base == null) {
                throw new io.cutover.core.error.SafetyCheckFailedException("the catch-up validation of " + config.migrationId()
                        + " builds on the pass before the freeze, and there is none with checksums: run \"5.1.1 Plan the validation (before the freeze)\" first");
            }
            // the pre-freeze pass's marker: it is in the first read after that pass (a marker from before is simply not found)
            marker = base == null ? null : store.baselineMarker(ValidationRequest.PRE_FREEZE).orElse(null);
            // the source's binlog, read from the base onwards, and probed by the pre-freeze pass (where the others will read)
            reader = base != null || ValidationRequest.PRE_FREEZE.equals(input.pass()) && v.checksums() ? binlogReader(config) : null;
            reading = base == null ? null : reader.begin(base.plan().sourcePosition(), base.plan().tables(),
                    marker == null || base.catchUp() != null ? null : marker.markerId());
        } catch (RuntimeException e) {
            BothSides.discard(opening);
            throw e;
        }
        try (reading; BothSides sides = BothSides.await(opening)) {
            Database source = sides.source();
            Database target = sides.target();
            BothSides.Results<SourceSide, TargetSide> read = sides.both(db -> {
                // the write counters before the position: a write between the two makes a table suspect, never hides one
                // (the catch-up pass compares no counters: the application still writes; the post-freeze pass compares them
                // over both reads, from the pre-freeze pass's counters)
                ValidationModel.WriteCounters counters = v.checksums() && !catchUp ? UnloggedWrites.read(db, config.schemas()) : null;
                BinlogPosition at = BinlogPosition.read(db);
                if (reading != null) {
                    reading.until(at);
                }
                if (ValidationRequest.PRE_FREEZE.equals(input.pass()) && v.checksums()) {
                    reader.probe(at); // the post-freeze pass will read from here: find out now, not in the freeze
                    store.save(input.pass(), counters);
                    // after the position: the binlog read from it finds the marker, and DMS applies it in that order on the target
                    TargetWrites.writeMarker(db, config.migrationId(), ports.clock().instant()).ifPresent(m -> store.save(input.pass(), m));
                }
                if (mayCompare) {
                    TableValidator.prepareSession(db); // after the position, which it need not delay
                }
                return new SourceSide(counters, at, ComparedTable.load(db, config.schemas(), base != null));
            }, db -> {
                if (mayCompare) {
                    TableValidator.prepareSession(db);
                }
                return new TargetSide(ComparedTable.load(db, config.schemas(), base != null),
                        base == null || catchUp ? null : TargetWrites.read(db, config.schemas(), marker, batchApply(config)));
            });
            ValidationModel.WriteCounters writes = read.source().writes();
            BinlogPosition position = read.source().position();
            BothSides.Results<Catalog, Catalog> catalogs = new BothSides.Results<>(read.source().catalog(), read.target().catalog());
            ValidationPlanner.Baseline baseline = null;
            ChangedKeys changes = null;
            if (base != null) {
                List<String> tables = base.plan().tables().stream().map(TablePlan::id).toList();
                Map<String, TableResult> results = store.results(base.plan());
                List<io.cutover.core.catalog.ForeignKey> foreignKeys = new ArrayList<>(catalogs.source().foreignKeys());
                foreignKeys.addAll(catalogs.target().foreignKeys()); // actions on either side escape the binlog
                ChangedKeys written = CascadeClosure.close(source, target, foreignKeys, base.plan().tables(), reading.keys());
                changes = DifferingRows.carry(written, results);
                boolean everyWriteSeen = false;
                if (!catchUp) {
                    ChangedKeys span = base.catchUp() == null ? changes : changes.countedFrom(base.catchUp());
                    span = UnloggedWrites.suspects(store.writeCounters(ValidationRequest.PRE_FREEZE).orElse(null), writes, span, tables,
                            ValidationRequest.POST_FREEZE.equals(input.pass())
                                    ? store.inFlightAtFreeze().filter(f -> f.executionName() != null && f.executionName().equals(input.executionName()))
                                            .orElse(null) : null);
                    TargetWrites.Check onTarget = TargetWrites.check(read.target().writes(), marker, span, tables);
                    changes = onTarget.changes();
                    // every write seen: the source's (binlog, closure, source counters) and the target's (aligned counters)
                    everyWriteSeen = writes != null && writes.available()
                            && store.writeCounters(ValidationRequest.PRE_FREEZE).map(ValidationModel.WriteCounters::available).orElse(false)
                            && onTarget.aligned();
                }
                store.save(input.pass(), changes);
                baseline = new ValidationPlanner.Baseline(base.plan(), results, changes, everyWriteSeen, !catchUp);
            }
            Plan plan = planner.plan(catalogs.source(), catalogs.target(), config.migrationId(), input.pass(), input.executionName(),
                    position, baseline, ports.clock().instant());
            store.save(plan);
            boolean verified = validatedInPlan(plan, changes, sides, store);
            return new Planned(plan, changes, verified);
        }
    }

    /** Changed rows the post-freeze plan step compares itself, at most (two lookups of {@link TableValidator#KEYS_PER_LOOKUP} keys a side per 1,000 rows). */
    static final int ROWS_VALIDATED_IN_PLAN = 10_000;

    /**
     * The post-freeze pass's batches validated by the plan step on the sessions it has open, when all it has to read is
     * a few changed rows by key (every table KEYS or UNCHANGED, no chunk to recheck, at most
     * {@value #ROWS_VALIDATED_IN_PLAN} rows): inside the freeze that spares the batches' child execution and its
     * function calls, each a session to both sides and a round of artifacts. The results are saved exactly as the
     * batch step saves them (a batch step called after it returns them as stored), so the verdict reads them alike.
     * Anything larger, or counted, or chunked, is left to the batches. True when every batch is complete. The plan set
     * both sessions up for comparing rows when it read them ({@code mayCompare}).
     */
    private static boolean validatedInPlan(Plan plan, ChangedKeys changes, BothSides sides, ValidationStore store) {
        if (!ValidationRequest.POST_FREEZE.equals(plan.pass()) || changes == null || plan.tables().stream().anyMatch(
                t -> (t.scope() != Scope.KEYS && t.scope() != Scope.UNCHANGED) || !t.recheckChunks().isEmpty())) {
            return false;
        }
        long rows = changes.keys().values().stream().mapToLong(List::size).sum();
        if (rows > ROWS_VALIDATED_IN_PLAN) {
            return false;
        }
        BatchValidator validator = new BatchValidator(sides.source(), sides.target());
        boolean complete = true;
        for (int i = 0; i < plan.batches().size(); i++) {
            complete &= validator.run(plan, i, null, changes, Duration.ofSeconds(60), store::save).complete();
        }
        return complete;
    }

    /** What the plan reads on the source: the write counters (null where not compared), the position, the catalogue. */
    private record SourceSide(ValidationModel.WriteCounters writes, BinlogPosition position, Catalog catalog) {}

    /** What the plan reads on the target: the catalogue and, in the post-freeze pass, the write counters (else null). */
    private record TargetSide(Catalog catalog, TargetWrites.Reading writes) {}

    /** The pass a later one builds on; {@code catchUp}: the catch-up pass's changes (its counts), when it is that pass. */
    private record Base(Plan plan, ChangedKeys catchUp) {}

    /**
     * The catch-up pass builds on the pre-freeze pass; the post-freeze pass on the catch-up pass of this execution when
     * it completed every batch and read from the pre-freeze pass's position (else on the pre-freeze pass); the pre-freeze
     * pass, and a pass of any other name (a full pass, as {@code local/bench validation}'s at the freeze), on none. Null
     * when there is nothing with checksums to build on.
     */
    private static Base base(ValidationStore store, ValidationRequest input) {
        if (!ValidationRequest.CATCH_UP.equals(input.pass()) && !ValidationRequest.POST_FREEZE.equals(input.pass())) {
            return null;
        }
        Plan preFreeze = store.plan(ValidationRequest.PRE_FREEZE).filter(Plan::checksums).orElse(null);
        if (preFreeze == null) {
            return null;
        }
        if (ValidationRequest.POST_FREEZE.equals(input.pass())) {
            Plan catchUp = store.plan(ValidationRequest.CATCH_UP).orElse(null);
            ChangedKeys since = store.changes(ValidationRequest.CATCH_UP).orElse(null);
            boolean usable = catchUp != null && since != null && input.executionName() != null
                    && input.executionName().equals(catchUp.executionName()) && ValidationRequest.PRE_FREEZE.equals(catchUp.baselinePass())
                    && preFreeze.sourcePosition().equals(since.from()) && catchUp.createdAt().isAfter(preFreeze.createdAt())
                    && java.util.stream.IntStream.range(0, catchUp.batches().size())
                            .allMatch(i -> store.batch(catchUp, i).map(BatchResult::complete).orElse(false));
            if (usable) {
                return new Base(catchUp, since);
            }
        }
        return new Base(preFreeze, null);
    }

    /**
     * Whether the task applies changes in batches: only the input can make it so (the foreign-key policy requires false,
     * and {@code TaskSettingsPolicy} refuses every key it does not list, the ParallelApply* ones included).
     */
    private static boolean batchApply(io.cutover.core.config.MigrationConfig config) {
        return config.dms() != null && config.dms().taskSettings().path("TargetMetadata").path("BatchApplyEnabled").asBoolean(false);
    }

    /** The source's binlog as the changed-keys reader sees it: the source account, the endpoint's TLS with its CA bundle. */
    private ChangedKeysReader binlogReader(io.cutover.core.config.MigrationConfig config) {
        String secretId = config.source().secretId();
        DbCredentials credentials = DbCredentials.fromSecret(secretId, ports.secrets().secretString(secretId));
        var tls = config.source().tls();
        String ca = tls.caBundleSecretId() == null ? null : ports.secrets().secretString(tls.caBundleSecretId());
        return new ChangedKeysReader(credentials, tls, ca);
    }

    /** One batch's result and where its detail is. */
    public record Batch(BatchResult result, int batch, String key) {
        public List<String> mismatchedTables() {
            return result.tables().stream().filter(t -> !t.matches()).map(t -> t.schema() + "." + t.table()).toList();
        }

        public long rowsCompared() {
            return result.tables().stream().mapToLong(t -> t.sourceRows() == null ? 0 : t.sourceRows()).sum();
        }

        public long rowsChecksummed() {
            return result.tables().stream().mapToLong(TableResult::rowsChecksummed).sum();
        }
    }

    /**
     * Counts and checksums the batch's tables on both sides. When the time budget runs out the result is not complete
     * and its cursor is saved: the next call goes on from there. A complete batch is not validated again.
     */
    public Batch validateBatch(ValidationRequest input) {
        var config = input.config();
        int batch = input.requireBatch();
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        Plan plan = store.requirePlan(input.pass());
        BatchResult previous = store.batch(plan, batch).orElse(null);
        BatchResult result;
        if (previous != null && previous.complete()) {
            result = previous;
        } else {
            try (BothSides sides = BothSides.openForComparing(ports, config)) {
                result = new BatchValidator(sides.source(), sides.target()).run(plan, batch, previous, store.changes(input.pass()).orElse(null),
                        Duration.ofSeconds(input.budgetSeconds()), store::save);
            }
        }
        return new Batch(result, batch, ValidationKeys.batchKey(config.migrationId(), input.pass(), batch));
    }

    /**
     * Re-verifies what differed (counts, chunks, narrowed to rows): DONE when nothing differs any more, CONTINUE (wait
     * the lag window: twice {@code cutover.maxLagSeconds}, at least 5 s) while differences remain, FAILED with the
     * tables after {@link #MAX_ROUNDS} rounds.
     */
    public PollDecision recheck(ValidationRequest input) {
        var config = input.config();
        int attempt = input.poll() == null ? 1 : input.poll().attempt() + 1;
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        Plan plan = store.requirePlan(input.pass());
        List<String> differing = new ArrayList<>();
        try (BothSides sides = BothSides.openForComparing(ports, config)) {
            BatchValidator validator = new BatchValidator(sides.source(), sides.target());
            for (int i = 0; i < plan.batches().size(); i++) {
                BatchResult batch = store.batch(plan, i).orElse(null);
                if (batch == null || batch.tables().stream().allMatch(TableResult::matches)) {
                    continue;
                }
                BatchResult rechecked = validator.recheck(plan, batch);
                store.save(rechecked);
                rechecked.tables().stream().filter(t -> !t.matches()).forEach(t -> differing.add(t.schema() + "." + t.table()));
            }
        }
        if (differing.isEmpty()) {
            return PollDecision.done(attempt, "no differences left after " + attempt + " recheck(s)");
        }
        String which = String.join(", ", differing.subList(0, Math.min(10, differing.size())));
        if (attempt >= MAX_ROUNDS) {
            return PollDecision.failed(attempt, differing.size() + " table(s) still differ after " + attempt + " rechecks: " + which);
        }
        int lagWindow = Math.max(5, 2 * config.cutover().maxLagSeconds());
        return PollDecision.continueAfter(lagWindow, attempt, differing.size() + " table(s) differ, rechecking after the lag window: " + which);
    }

    /** The pass's report and where it is; {@link ValidationReport#summary()} is the state's summary. */
    /** {@code rowsChanged}: rows the binlog showed written since the baseline pass started; null without a baseline. */
    public record Verdict(ValidationReport report, String key, Long rowsChanged) {
        /** Rows the pass read on each side: every row counted plus every row checksummed. */
        public long rowsRead() {
            return report.rowsCounted() + report.rowsChecksummed();
        }

        public List<String> mismatchedTables() {
            return report.mismatches().stream().map(ValidationReport.TableMismatch::table).toList();
        }
    }

    /**
     * Gathers the pass's batch results into {@code validation/<pass>/report.json} and publishes the tables matched and
     * mismatched as metrics ({@code ValidationTablesMatched}, {@code ValidationTablesMismatched}) for the dashboard.
     */
    public Verdict summarize(ValidationRequest input) {
        var config = input.config();
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        Plan plan = store.requirePlan(input.pass());
        List<BatchResult> batches = new ArrayList<>();
        for (int i = 0; i < plan.batches().size(); i++) {
            batches.add(store.batch(plan, i).orElse(null));
        }
        ValidationReport report = ValidationReport.of(plan, batches, ports.clock().instant());
        String key = ValidationKeys.reportKey(config.migrationId(), input.pass());
        ports.artifacts().putJson(key, report);
        Long changed = store.changes(input.pass()).map(c -> c.keys().values().stream().mapToLong(List::size).sum()).orElse(null);
        Verdict verdict = new Verdict(report, key, changed);
        ports.metrics().publish(CutoverMetrics.dimensions(config.migrationId()), Map.of(
                CutoverMetrics.VALIDATION_TABLES_MATCHED, (double) report.tablesMatching(),
                CutoverMetrics.VALIDATION_TABLES_MISMATCHED, (double) verdict.mismatchedTables().size()));
        return verdict;
    }
}
