package io.cutover.precheck.objects;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Scope;
import io.cutover.core.config.MigrationConfig;

/** What a source-side rule decides from: the source catalog, the migration's config and DMS settings, the limits. */
record SourceView(Catalog source, MigrationConfig config, DmsTaskSettings settings, ObjectCheckLimits limits) {

    static SourceView of(io.cutover.precheck.framework.CheckContext context, ObjectCheckLimits limits) {
        if (context.source() == null) {
            throw new IllegalStateException("this check group needs the source session");
        }
        MigrationConfig config = context.config();
        return new SourceView(Catalog.of(context.source(), new Scope(config.schemas())), config,
                DmsTaskSettings.of(config), limits);
    }
}
