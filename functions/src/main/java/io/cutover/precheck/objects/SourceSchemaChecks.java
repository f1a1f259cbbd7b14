package io.cutover.precheck.objects;

import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The structure checks on the source: tables, keys, columns, names, foreign keys and stored code, all decided
 * from information_schema with one query per catalog part (tables, columns, indexes, foreign keys, partitions,
 * routines, views, triggers, events), shared by every check of the group.
 */
@RunsOn(Side.SOURCE)
public final class SourceSchemaChecks implements CheckGroup {
    private final ObjectCheckLimits limits;

    public SourceSchemaChecks() {
        this(ObjectCheckLimits.defaults());
    }

    public SourceSchemaChecks(ObjectCheckLimits limits) {
        this.limits = limits;
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        return Rule.runAll(rules(), SourceView.of(context, limits));
    }

    static List<Rule<SourceView>> rules() {
        List<Rule<SourceView>> rules = new ArrayList<>();
        rules.addAll(TableChecks.rules());
        rules.addAll(ForeignKeyChecks.rules());
        rules.addAll(ColumnChecks.rules());
        rules.addAll(NameChecks.rules());
        rules.addAll(StoredCodeChecks.rules());
        rules.addAll(PlanningChecks.rules());
        return rules;
    }
}
