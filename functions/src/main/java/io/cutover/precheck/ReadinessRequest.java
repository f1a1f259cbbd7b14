package io.cutover.precheck;

import io.cutover.core.config.MigrationConfig;

/**
 * The payload of the readiness check Lambdas: the validated config, and the execution name (it names the run's
 * report, so a retry or redrive overwrites the same artifact).
 */
public record ReadinessRequest(MigrationConfig config, String executionName) {}
