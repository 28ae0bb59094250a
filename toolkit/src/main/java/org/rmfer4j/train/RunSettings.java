package org.rmfer4j.train;

import static org.rmfer4j.train.Settings.require;

import java.util.Objects;
import org.rmfer4j.model.Engine;

/**
 * How a run executes ({@code run.*} keys): none of these change what the model learns except the seed.
 *
 * @param engine               training engine (torch by default)
 * @param seed                 one seed for weights, sampling, augmentation and ACL draws
 * @param workers              image decoding threads
 * @param checkpointEverySteps also write {@code last} every this many steps; 0 = at epoch ends only
 */
public record RunSettings(Engine engine, long seed, int workers, int checkpointEverySteps) {
    public static final RunSettings DEFAULTS = new RunSettings(Engine.TORCH, 42, 2, 0);

    public RunSettings {
        Objects.requireNonNull(engine, "run.engine");
        require(workers >= 1, "run.workers", ">= 1", workers);
        require(checkpointEverySteps >= 0, "run.checkpointEverySteps", ">= 0", checkpointEverySteps);
    }
}
