package io.cutover.precheck;

import io.cutover.core.config.MigrationConfig;

/** The payload of a readiness check Lambda: the validated config. */
public record ReadinessRequest(MigrationConfig config) {}
