package io.cutover.cutover.validation;

import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.PartitionCount;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.RowDifference;
import io.cutover.cutover.validation.ValidationModel.SchemaDifference;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A pass's verdict, for people and for the approval's evidence: every mismatch by table and partition. */
public record ValidationReport(String migrationId, String pass, Instant createdAt, boolean ok, int tables, int tablesMatching,
                               long rowsCounted, long rowsChecksummed, double seconds, List<TableMismatch> mismatches,
                               List<SchemaDifference> schemaDifferences, List<String> incompleteBatches, List<String> warnings) {

    public record TableMismatch(String table, Long sourceRows, Long targetRows, List<PartitionCount> partitionsDiffering,
                                int chunksDiffering, long rowDifferences, List<RowDifference> sampleRows) {}

    public static ValidationReport of(Plan plan, List<BatchResult> batches, Instant now) {
        List<TableMismatch> mismatches = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        List<String> warnings = new ArrayList<>(plan.warnings());
        int tables = 0;
        int matching = 0;
        long counted = 0;
        long checksummed = 0;
        double seconds = 0;
        for (int i = 0; i < plan.batches().size(); i++) {
            BatchResult b = i < batches.size() ? batches.get(i) : null;
            if (b == null || !b.complete()) {
                incomplete.add("batch " + i + (b == null ? " did not run" : " is not complete"));
            }
            if (b == null) continue;
            seconds += b.seconds();
            for (TableResult t : b.tables()) {
                tables++;
                counted += t.sourceRows() == null ? 0 : t.sourceRows();
                checksummed += t.rowsChecksummed();
                t.warnings().forEach(w -> warnings.add(t.schema() + "." + t.table() + ": " + w));
                if (t.matches()) {
                    matching++;
                } else {
                    mismatches.add(new TableMismatch(t.schema() + "." + t.table(), t.sourceRows(), t.targetRows(),
                            t.partitions().stream().filter(p -> !p.matches()).toList(), t.mismatchedChunks().size(),
                            t.rowDifferences(), t.rows().subList(0, Math.min(10, t.rows().size()))));
                }
            }
        }
        boolean ok = mismatches.isEmpty() && incomplete.isEmpty() && plan.schemaDifferences().isEmpty();
        return new ValidationReport(plan.migrationId(), plan.pass(), now, ok, tables, matching, counted, checksummed,
                Math.round(seconds * 1000) / 1000.0, mismatches, plan.schemaDifferences(), incomplete, warnings);
    }

    public String summary() {
        if (ok) {
            return pass + ": all " + tables + " tables match (" + rowsCounted + " rows counted, " + rowsChecksummed + " checksummed)";
        }
        List<String> parts = new ArrayList<>();
        for (TableMismatch m : mismatches.subList(0, Math.min(5, mismatches.size()))) {
            String partitions = m.partitionsDiffering().isEmpty() ? "" : ", partitions " + m.partitionsDiffering().stream()
                    .map(p -> p.partition() + " " + p.source() + "/" + p.target()).toList();
            parts.add(m.table() + " (rows " + m.sourceRows() + "/" + m.targetRows() + partitions + ", " + m.rowDifferences() + " rows differ)");
        }
        return pass + ": " + mismatches.size() + " of " + tables + " tables differ" + (parts.isEmpty() ? "" : ": " + String.join("; ", parts))
                + (schemaDifferences.isEmpty() ? "" : "; " + schemaDifferences.size() + " schema differences")
                + (incompleteBatches.isEmpty() ? "" : "; " + String.join(", ", incompleteBatches));
    }
}
