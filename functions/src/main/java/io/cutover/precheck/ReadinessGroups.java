package io.cutover.precheck;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Ports;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.objects.ObjectChecks;
import java.util.ArrayList;
import java.util.List;

/**
 * Every readiness check group, and which Lambda runs which: SOURCE groups in the source Lambda; TARGET and BOTH
 * groups in the target Lambda (it opens the source as well, for the comparisons). The schema-object,
 * data-type and data-content groups come from {@link ObjectChecks}.
 */
public final class ReadinessGroups {
    private ReadinessGroups() {}

    /** The server, binlog, privilege, target and network groups, then {@link ObjectChecks#groups()}. */
    public static List<CheckGroup> all(Ports ports) {
        List<CheckGroup> groups = new ArrayList<>(settingsGroups(ports));
        groups.addAll(ObjectChecks.groups());
        return List.copyOf(groups);
    }

    /** The groups of catalog ids sc-*, bl-*, pr-*, tc-*, nt-* (this package's). */
    public static List<CheckGroup> settingsGroups(Ports ports) {
        return List.of(
                new SourceServerChecks(),
                new BinlogChecks(),
                new SourceGrantChecks(ports.databases()),
                new FreezePrivilegeChecks(),
                new ServerComparisonChecks(),
                new DefinerPrivilegeChecks(),
                new TargetConfigChecks(),
                new AccountChecks(ports.databases(), ports.secrets()),
                new NetworkChecks(ports.secrets()),
                new SwitchChecks(ports.applicationEndpoints()));
    }

    /** The groups one Lambda runs: {@code SOURCE} runs source groups; {@code TARGET} runs target and comparison groups. */
    public static List<CheckGroup> forLambda(DatabaseRole lambda, List<CheckGroup> groups) {
        return groups.stream().filter(g -> runsIn(lambda, g)).toList();
    }

    static boolean runsIn(DatabaseRole lambda, CheckGroup group) {
        return lambda == DatabaseRole.SOURCE ? group.side() == CheckGroup.Side.SOURCE : group.side() != CheckGroup.Side.SOURCE;
    }
}
