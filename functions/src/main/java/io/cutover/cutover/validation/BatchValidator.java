package io.cutover.cutover.validation;

import io.cutover.core.db.Database;
import io.cutover.cutover.validation.TableValidator.Accumulator;
import io.cutover.cutover.validation.TableValidator.Progress;
import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.ChunkMismatch;
import io.cutover.cutover.validation.ValidationModel.Cursor;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs one batch of a plan: per table, exact counts (table and partitions), then by scope a chunked checksum of
 * everything (FULL) or of the rows changed since the baseline plus the baseline's mismatching chunks (CHANGED).
 * Stops cleanly at the time budget with a cursor (table, last chunk boundary, chunk size) saved through
 * {@code save}, and resumes from it on the next call; a finished batch is returned as it is (idempotent). Both
 * sessions are set up for comparing rows first ({@link TableValidator#prepareSession}: {@link BothSides#openForComparing},
 * or the plan step that compares the changed rows itself).
 */
public final class BatchValidator {
    private final Database source;
    private final Database target;

    public BatchValidator(Database source, Database target) {
        this.source = source;
        this.target = target;
    }

    public BatchResult run(Plan plan, int batch, BatchResult previous, ChangedKeys changes, Duration budget, Consumer<BatchResult> save) {
        if (previous != null && previous.complete()) {
            return previous;
        }
        if (batch < 0 || batch >= plan.batches().size()) {
            throw new io.cutover.core.error.InputValidationException(List.of(new io.cutover.core.error.InputValidationException.FieldError(
                    "$.batch", "batch " + batch + " does not exist; the plan has " + plan.batches().size())));
        }
        Instant started = previous != null ? previous.startedAt() : Instant.now();
        Instant deadline = Instant.now().plus(budget);
        double seconds = previous != null ? previous.seconds() : 0;
        long t0 = System.nanoTime();
        List<Integer> tables = plan.batches().get(batch);
        List<TableResult> results = new ArrayList<>(previous != null ? previous.tables() : List.of());
        Cursor cursor = previous != null && previous.cursor() != null ? previous.cursor() : new Cursor(0, null, 0, null);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            TableValidator validator = new TableValidator(source, target, pool, plan.chunkTargetMillis());
            for (int position = cursor.position(); position < tables.size(); position++) {
                TablePlan table = plan.tables().get(tables.get(position));
                boolean resuming = position == cursor.position() && cursor.partial() != null;
                Accumulator acc = Accumulator.resume(table, resuming ? cursor.partial() : null);
                long tableStart = System.nanoTime();
                if (!resuming && position > cursor.position() && Instant.now().isAfter(deadline)) {
                    return saved(save, plan, batch, false, new Cursor(position, null, 0, null), results, started, seconds, t0);
                }
                if (acc.sourceRows == null && table.scope() != Scope.KEYS && table.scope() != Scope.UNCHANGED) {
                    validator.count(acc);
                }
                if (table.scope() == Scope.FULL) {
                    Progress p = validator.checksum(acc, resuming ? cursor.lastKey() : null, resuming ? cursor.chunkSize() : 0, deadline);
                    acc.seconds += (System.nanoTime() - tableStart) / 1e9;
                    if (!p.done()) {
                        return saved(save, plan, batch, false, new Cursor(position, p.lastKey(), p.chunkSize(), acc.result()),
                                results, started, seconds, t0);
                    }
                } else if (table.scope() == Scope.CHANGED || table.scope() == Scope.KEYS) {
                    validator.verifyKeys(acc, changes == null ? List.of() : changes.keys().getOrDefault(table.id(), List.of()));
                    for (ChunkMismatch chunk : table.recheckChunks()) {
                        validator.recheck(acc, chunk);
                    }
                    acc.seconds += (System.nanoTime() - tableStart) / 1e9;
                } else {
                    acc.seconds += (System.nanoTime() - tableStart) / 1e9;
                }
                results.add(acc.result());
                cursor = new Cursor(position + 1, null, 0, null);
            }
        }
        return saved(save, plan, batch, true, null, results, started, seconds, t0);
    }

    private static BatchResult saved(Consumer<BatchResult> save, Plan plan, int batch, boolean complete, Cursor cursor,
                                     List<TableResult> results, Instant started, double before, long t0) {
        double seconds = before + (System.nanoTime() - t0) / 1e9;
        BatchResult r = new BatchResult(plan.pass(), batch, plan.createdAt(), complete, cursor, List.copyOf(results), started, Instant.now(),
                Math.round(seconds * 1000) / 1000.0);
        save.accept(r);
        return r;
    }

    /**
     * Re-verifies what differed in a finished batch (the pre-freeze recheck after the lag window): counts again for
     * tables whose counts differed, each mismatching chunk again; returns the updated batch.
     */
    public BatchResult recheck(Plan plan, BatchResult result) {
        List<TableResult> updated = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            TableValidator validator = new TableValidator(source, target, pool, plan.chunkTargetMillis());
            for (TableResult r : result.tables()) {
                if (r.matches()) {
                    updated.add(r);
                    continue;
                }
                TablePlan table = plan.tables().stream().filter(t -> t.id().equals(r.schema() + "." + r.table())).findFirst().orElseThrow();
                Accumulator acc = new Accumulator(table);
                validator.count(acc);
                acc.chunks = r.chunks();
                acc.rowsChecksummed = r.rowsChecksummed();
                for (ChunkMismatch chunk : r.mismatchedChunks()) {
                    validator.recheck(acc, chunk);
                }
                acc.rowsChecksummed = r.rowsChecksummed();
                acc.chunks = r.chunks();
                updated.add(acc.result());
            }
        }
        return new BatchResult(result.pass(), result.batch(), result.planCreatedAt(), result.complete(), result.cursor(), updated, result.startedAt(),
                Instant.now(), result.seconds());
    }
}
