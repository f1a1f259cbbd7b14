package io.cutover.replication;

/**
 * The replication port: DMS in AWS ({@code DmsReplication}), the local engine in the rehearsal.
 * Its operations are defined by the replication phase (runbook 3.x, 4, 5.x).
 */
public interface Replication {}
