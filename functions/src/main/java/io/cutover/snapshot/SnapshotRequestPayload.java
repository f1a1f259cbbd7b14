package io.cutover.snapshot;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision;

/** Payload of the snapshot Lambdas: the config and, when polling, the previous decision (null on the first poll). */
public record SnapshotRequestPayload(MigrationConfig config, String stateName, String executionName, PollDecision poll) {}
