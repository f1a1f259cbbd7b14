package io.cutover.precheck.framework;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;

/**
 * What a check group sees: the config and open sessions. {@code target} is null for a group that runs in the
 * source Lambda, {@code source} null for a target-only group; comparison groups get both.
 */
public record CheckContext(MigrationConfig config, Database source, Database target) {}
