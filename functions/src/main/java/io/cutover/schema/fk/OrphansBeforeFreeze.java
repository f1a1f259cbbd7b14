package io.cutover.schema.fk;

import io.cutover.core.db.BinlogPosition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The artifact of "5.1.4 Check the source for orphan rows": the full orphan scan of every recorded foreign key on the
 * source, run after the validation pass before the freeze recorded its source binlog position ({@code sourcePosition},
 * the plan of {@code planCreatedAt}), so that every row changed after the scan is among the keys the pass after the
 * freeze reads from the binlog since that position. "6.2 Recreate foreign keys" then checks only those rows on the
 * target for the constraints listed here without orphans ({@link ChangedKeyOrphans}).
 *
 * @param skipped     why nothing was scanned (no validation pass before the freeze in this execution, checksums off), or null
 * @param complete    false when the time budget ended the scan: the constraints not listed get the full scan at 6.2
 * @param foreignKeys the constraints scanned, in the record's order
 */
public record OrphansBeforeFreeze(String migrationId, String executionName, Instant planCreatedAt, BinlogPosition sourcePosition,
                                  String skipped, boolean complete, List<Scanned> foreignKeys) {

    /** One constraint's scan on the source: {@code orphanRows} child rows without a parent, up to five examples' keys. */
    public record Scanned(String id, String definition, long orphanRows, List<Map<String, String>> orphanExamples) {}

    public long orphanRows() {
        return foreignKeys.stream().mapToLong(Scanned::orphanRows).sum();
    }

    public List<Scanned> withOrphans() {
        return foreignKeys.stream().filter(f -> f.orphanRows() > 0).toList();
    }

    /** No orphan found (a skipped or incomplete scan is no failure: 6.2 scans what it did not cover in full). */
    public boolean ok() {
        return orphanRows() == 0;
    }

    public String describe() {
        if (skipped != null) {
            return "no orphan scan before the freeze (" + skipped + "): 6.2 scans every foreign key in full";
        }
        if (!ok()) {
            Scanned first = withOrphans().get(0);
            return withOrphans().size() + " foreign key(s) of the source have orphan rows (" + orphanRows() + " in total), e.g. "
                    + first.id() + ": " + first.orphanRows() + " row(s) referencing no parent row, such as " + first.orphanExamples().get(0)
                    + ". Delete or fix them on the source (the application or a session with foreign_key_checks = 0 wrote them), "
                    + "then start a new execution";
        }
        return foreignKeys.size() + " foreign key(s) scanned on the source, no orphan row"
                + (complete ? "" : "; the time budget ended the scan: the others are scanned in full at 6.2");
    }
}
