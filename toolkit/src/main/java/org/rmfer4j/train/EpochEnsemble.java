package org.rmfer4j.train;

import java.nio.file.Path;
import java.util.List;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.eval.SnapshotEnsemble;

/**
 * A finished run read by all its epoch checkpoints at once ({@link SnapshotEnsemble}): the mean softmax of the epoch
 * checkpoints' outputs on the run's own test split, with the run's engine and evaluation batch. In the synthetic lab
 * this is the steady reading of an arm (one epoch's weights move by several points from epoch to epoch); it reads the
 * test split only, never to choose anything.
 */
public final class EpochEnsemble {
    private EpochEnsemble() {}

    /**
     * The ensemble of {@code run}'s epoch checkpoints on its config's test split.
     *
     * @throws RmferException if the run has no epoch checkpoint, or is not a run directory
     */
    public static SnapshotEnsemble.Result of(RunDirectory run) {
        TrainConfig c = run.readConfig();
        List<Path> checkpoints = run.epochCheckpoints();
        if (checkpoints.isEmpty()) {
            throw new RmferException(run.root() + " has no epoch checkpoint (checkpoints/epoch-NNN.rmfer) to read");
        }
        return SnapshotEnsemble.evaluate(
                checkpoints, TrainSplits.test(c), c.run().engine(), c.schedule().evalBatch());
    }
}
