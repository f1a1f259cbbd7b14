package io.cutover.precheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.config.MigrationConfig.AcceptedBlocker;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.precheck.framework.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code readiness.acceptedBlockers}: blockers a person has judged harmless for this migration, each with the reason,
 * which the readiness report, its summary (notifications, the approval page's evidence) carry next to the result.
 * An accepted result no longer blocks; it is still listed, as accepted, with the reason.
 *
 * <p>Some checks cannot be accepted: accepting them would let DMS lose or corrupt data, or would skip checks that
 * never ran. {@link #NOT_ACCEPTABLE} says which and why, citing the source the precheck catalog gives for each.
 */
public final class AcceptedBlockers {
    /** Why a check cannot be accepted, and the source of that (the precheck catalog's citation). */
    public record Refusal(String why, String source) {}

    private static final String DMS_MYSQL_SOURCE = "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html";
    private static final String DMS_BEST_PRACTICES = "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_BestPractices.html";

    public static final Map<String, Refusal> NOT_ACCEPTABLE = new LinkedHashMap<>();

    static {
        refuse("bl-binlog-enabled", "without a binary log DMS cannot capture changes: every write after the full load is lost",
                DMS_MYSQL_SOURCE);
        refuse("bl-binlog-format-row", "STATEMENT or MIXED binary logging gives DMS no row images: changes are missed or applied wrong",
                DMS_MYSQL_SOURCE);
        refuse("bl-binlog-row-image-full", "DMS needs full before and after images to apply updates and deletes", DMS_MYSQL_SOURCE);
        refuse("bl-binlog-filters", "changes filtered out of the binary log never reach DMS: they are silently lost",
                "https://github.com/pingcap/docs/pull/12140");
        refuse("bl-partial-json", "binary-log readers have dropped JSON partial-update events: JSON changes would be lost",
                "https://github.com/debezium/debezium/pull/3912");
        refuse("so-cascade-fks", "InnoDB does not log the rows a cascade changes: without the cascading key on the target those "
                + "changes are lost", DMS_MYSQL_SOURCE);
        refuse("sc-source-is-primary", "a replica behind its primary loses the transactions it has not applied yet", DMS_MYSQL_SOURCE);
        refuse("sc-xa-transactions", "capturing while XA transactions are open can lose data; DMS does not support XA on MariaDB 10.6+",
                DMS_MYSQL_SOURCE);
        refuse("sc-time-zone-timestamp", "TIMESTAMP values would be shifted by the time-zone difference (corrupted, not failed)",
                DMS_MYSQL_SOURCE);
        refuse("dc-zero-invalid-dates", "a target that refuses zero dates gets NULL from DMS: values silently changed", DMS_MYSQL_SOURCE);
        refuse("dt-lob-mode-sizing", "limited LOB mode truncates larger LOBs with only a warning", 
                "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.LOBSupport.html");
        refuse("so-lob-table-no-pk", "DMS writes a LOB by the row's key after the row: without a key the LOBs are not migrated",
                DMS_BEST_PRACTICES);
        refuse("so-no-pk-or-uk", "without a key DMS could not apply deletes and duplicates appeared", "https://github.com/fecgov/openFEC/issues/4994");
        refuse("so-target-triggers", "row events already contain what triggers did: a trigger on the target applies it twice",
                DMS_BEST_PRACTICES);
        refuse("tc-table-prep-mode", "DMS would recreate the tables without secondary indexes, foreign keys (cascades), AUTO_INCREMENT "
                + "or defaults", "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Troubleshooting.html#CHAP_Troubleshooting.MySQL");
        refuse("cutover-distinct-servers", "the source and the target are one server: the migration would write onto the source and "
                + "compare every table with itself", "https://dev.mysql.com/doc/refman/8.0/en/replication-options.html#sysvar_server_uuid");
    }

    private static void refuse(String check, String why, String source) {
        NOT_ACCEPTABLE.put(check, new Refusal(why, source));
    }

    private AcceptedBlockers() {}

    /** Checks that did not run (a connection, a whole group, the run) cannot be accepted: nothing was checked. */
    static boolean notRun(String check) {
        return check.startsWith("cutover-connect-") || check.startsWith("cutover-group-") || check.equals(ReadinessPublisher.RUN_FAILED);
    }

    /** What is wrong with the input's list (its shape is the JSON Schema's); empty when acceptable. */
    public static List<FieldError> problems(JsonNode accepted, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (!accepted.isArray()) {
            return errors;
        }
        for (int i = 0; i < accepted.size(); i++) {
            JsonNode check = accepted.get(i).path("check");
            if (!check.isTextual()) {
                continue; // the schema reports it
            }
            String id = check.asText();
            Refusal refusal = NOT_ACCEPTABLE.get(id);
            if (refusal != null) {
                errors.add(new FieldError(path + "[" + i + "].check", id + " cannot be accepted: " + refusal.why() + " (" + refusal.source()
                        + "). Fix it before the migration."));
            } else if (notRun(id)) {
                errors.add(new FieldError(path + "[" + i + "].check", id + " cannot be accepted: it says that checks did not run, and "
                        + "what was not checked cannot be judged harmless"));
            }
        }
        return errors;
    }

    /**
     * The results with every blocker an acceptance covers marked accepted. An acceptance naming objects covers a result
     * only when it names every object at fault (all of them listed, none beyond the report's cap): otherwise the result
     * still blocks, and says which objects were accepted.
     */
    public static List<CheckResult> apply(List<CheckResult> results, List<AcceptedBlocker> accepted) {
        if (accepted == null || accepted.isEmpty()) {
            return results;
        }
        List<CheckResult> out = new ArrayList<>(results.size());
        for (CheckResult r : results) {
            out.add(r.blocks() ? accept(r, accepted) : r);
        }
        return out;
    }

    /**
     * An accepted object names a reported one as the report lists it, or up to the details the report adds in
     * parentheses ({@code legacy.customers.signed_up} covers {@code legacy.customers.signed_up (date DEFAULT '0000-00-00')}).
     */
    static boolean covers(String accepted, String reported) {
        return reported.equals(accepted) || reported.startsWith(accepted + " (");
    }

    private static CheckResult accept(CheckResult r, List<AcceptedBlocker> accepted) {
        for (AcceptedBlocker a : accepted) {
            if (!a.check().equals(r.id()) || NOT_ACCEPTABLE.containsKey(r.id()) || notRun(r.id())) {
                continue;
            }
            if (a.objects() == null || a.objects().isEmpty()) {
                return r.accepted(a.reason());
            }
            List<String> uncovered = r.objects().stream().filter(o -> a.objects().stream().noneMatch(x -> covers(x, o))).toList();
            boolean allListed = r.objectCount() <= r.objects().size();
            if (uncovered.isEmpty() && allListed && !r.objects().isEmpty()) {
                return r.accepted(a.reason());
            }
            return new CheckResult(r.id(), r.title(), r.severity(), r.status(), r.found() + " [accepted for " + a.objects()
                    + " only; still blocking: " + (uncovered.isEmpty() ? (r.objectCount() - r.objects().size()) + " object(s) beyond the report's list"
                    : uncovered) + "]", r.objects(), r.objectCount(), r.why(), r.remediation());
        }
        return r;
    }
}
