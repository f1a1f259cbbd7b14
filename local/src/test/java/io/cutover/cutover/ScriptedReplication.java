package io.cutover.cutover;

import io.cutover.local.testing.UnsupportedReplication;
import java.util.function.Supplier;

/**
 * A stand-in for the DMS port with only what the cutover phase uses: CDC samples (scripted by the test, e.g. from
 * real row counts), the checkpoint and a running status; everything database-side in the tests is real. Any other
 * call fails.
 */
final class ScriptedReplication extends UnsupportedReplication {
    private final Supplier<CdcSample> samples;
    private final Checkpoint checkpoint;
    int samplesTaken;

    ScriptedReplication(Supplier<CdcSample> samples, Checkpoint checkpoint) {
        this.samples = samples;
        this.checkpoint = checkpoint;
    }

    @Override public CdcSample cdcSample(TaskRef task) {
        samplesTaken++;
        return samples.get();
    }

    @Override public Checkpoint checkpoint(TaskRef task) {
        return checkpoint;
    }

    /** The task replicates until the cutover point (these tests never stop it). */
    @Override public TaskStatus status(TaskRef task) {
        return new TaskStatus("running", null, null);
    }
}
