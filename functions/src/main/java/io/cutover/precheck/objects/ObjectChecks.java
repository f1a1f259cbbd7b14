package io.cutover.precheck.objects;

import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema-object, data-type and data-content checks of the catalog (ids so-*, dt-*, dc-*), as check groups
 * the readiness Lambdas run next to the server, binlog, privilege, target and network checks.
 *
 * <ul>
 *   <li>{@link SourceSchemaChecks} (SOURCE): structure of the source, information_schema only;</li>
 *   <li>{@link TargetObjectChecks} (TARGET): foreign keys, triggers and events on the target;</li>
 *   <li>{@link ComparisonChecks} (BOTH): secondary indexes and collations, source against target;</li>
 *   <li>{@link DataContentChecks} (BOTH): reads sampled rows of the source; the target gives its sql_mode,
 *       max_allowed_packet and LOB nullability. The slowest group: bounded by {@link ObjectCheckLimits}.</li>
 * </ul>
 * A group needs the sessions its side names; a BOTH group given no target reports the target-dependent parts
 * as not checked rather than failing.
 */
public final class ObjectChecks {
    private ObjectChecks() {}

    public static List<CheckGroup> groups() {
        return groups(ObjectCheckLimits.defaults());
    }

    public static List<CheckGroup> groups(ObjectCheckLimits limits) {
        return List.of(new SourceSchemaChecks(limits), new TargetObjectChecks(), new ComparisonChecks(),
                new DataContentChecks(limits));
    }

    /** The definition of every check these groups report, in report order (43: 30 so-, 7 dt-, 6 dc-). */
    public static List<CheckDefinition> definitions() {
        List<CheckDefinition> all = new ArrayList<>();
        SourceSchemaChecks.rules().forEach(rule -> all.add(rule.definition()));
        all.addAll(TargetObjectChecks.DEFINITIONS);
        all.addAll(ComparisonChecks.DEFINITIONS);
        all.addAll(DataContentChecks.DEFINITIONS);
        return List.copyOf(all);
    }
}
