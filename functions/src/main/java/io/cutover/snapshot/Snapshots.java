package io.cutover.snapshot;

/**
 * The snapshot port: RDS cluster snapshots in AWS, dumps in the rehearsal (runbook 7).
 * Its operations are defined by the cutover phase.
 */
public interface Snapshots {}
