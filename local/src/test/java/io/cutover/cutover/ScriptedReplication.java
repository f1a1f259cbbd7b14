package io.cutover.cutover;

import io.cutover.local.testing.UnsupportedReplication;
import java.util.function.Supplier;

/**
 * A stand-in for the DMS port with only what the cutover phase uses: CDC samples (scripted by the test, e.g. from
 * real row counts) and the checkpoint. The real adapters are written in parallel; everything database-side in the
 * tests is real. Any other call fails.
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
}
