package org.rmfer4j.train;

import static org.rmfer4j.train.Settings.require;

import java.util.Objects;

/**
 * Both phases' length, optimiser and evaluation ({@code schedule.*} keys). Phase 1 minimises
 * L_pre = L_FER + λ1·L_IAL on the labelled set; phase 2 adds λ2·L_ACL ({@link AclSettings}).
 *
 * @param preEpochs         phase 1 epochs (the paper's "first few epochs"; its criterion is in the supplement, not the
 *                          code)
 * @param aclEpochs         phase 2 epochs: L_total with RMset anchors
 * @param preLr             Adam learning rate of phase 1
 * @param aclLr             Adam learning rate of phase 2
 * @param optimizer         Adam, or SAM over Adam (official)
 * @param samRho            SAM's ρ (official 0.05)
 * @param batchSize         labelled images per step (official 32)
 * @param stepsPerEpoch     cap on steps per epoch; 0 = one pass over the (class-balanced) training split
 * @param lambda1           weight of L_IAL (official 0.0; 0.1 and 1.2 in the code's history)
 * @param evalEverySteps    also evaluate every this many steps; 0 = once per epoch only
 * @param evalBatch         evaluation batch (32: the attention branch's accuracy depends on it)
 * @param earlyStopPatience stop the run when validation class-average accuracy has not improved for this many
 *                          evaluations (every {@code evalEverySteps} and at epoch ends); 0 = never. The synthetic lab
 *                          runs phase 1 this way and starts phase 2 from its {@code best}
 */
public record ScheduleSettings(
        int preEpochs,
        int aclEpochs,
        double preLr,
        double aclLr,
        Optimizer optimizer,
        double samRho,
        int batchSize,
        int stepsPerEpoch,
        double lambda1,
        int evalEverySteps,
        int evalBatch,
        int earlyStopPatience) {
    public static final ScheduleSettings DEFAULTS =
            new ScheduleSettings(3, 2, 1e-3, 3e-4, Optimizer.ADAM, 0.05, 32, 0, 0.0, 0, 32, 0);

    public ScheduleSettings {
        Objects.requireNonNull(optimizer, "schedule.optimizer");
        require(
                preEpochs >= 0 && aclEpochs >= 0 && preEpochs + aclEpochs >= 1,
                "schedule.preEpochs/aclEpochs",
                ">= 0 each and at least one epoch in all",
                preEpochs + "/" + aclEpochs);
        require(
                preLr > 0 && aclLr > 0 && Double.isFinite(preLr) && Double.isFinite(aclLr),
                "schedule.preLr/aclLr",
                "> 0 and finite",
                preLr + "/" + aclLr);
        require(samRho >= 0 && Double.isFinite(samRho), "schedule.samRho", ">= 0 and finite", samRho);
        require(batchSize >= 2, "schedule.batchSize", ">= 2 (inter-sample attention needs two images)", batchSize);
        require(stepsPerEpoch >= 0, "schedule.stepsPerEpoch", ">= 0", stepsPerEpoch);
        require(lambda1 >= 0 && Double.isFinite(lambda1), "schedule.lambda1", ">= 0 and finite", lambda1);
        require(evalEverySteps >= 0, "schedule.evalEverySteps", ">= 0", evalEverySteps);
        require(evalBatch >= 1, "schedule.evalBatch", ">= 1", evalBatch);
        require(earlyStopPatience >= 0, "schedule.earlyStopPatience", ">= 0 (0 = never)", earlyStopPatience);
    }

    /** Total epochs of both phases. */
    public int epochs() {
        return preEpochs + aclEpochs;
    }

    /** True when epoch {@code e} (0-based) belongs to phase 2. */
    public boolean isAclEpoch(int e) {
        return e >= preEpochs;
    }
}
