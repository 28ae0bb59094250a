package org.rmfer4j.train;

import org.jspecify.annotations.Nullable;
import org.rmfer4j.model.StepResult;

/**
 * What one training step did, as the trainer logs it and hands it to listeners.
 *
 * @param step    global step (0-based)
 * @param epoch   epoch (0-based)
 * @param batch   batch within the epoch
 * @param phase   1 (L_pre) or 2 (L_total)
 * @param lr      learning rate used
 * @param losses  loss values before the update
 * @param acl     the RMset half's counts, or null in phase 1 / without ACL
 * @param seconds wall time of the step, data loading excluded
 */
public record StepRecord(
        long step,
        int epoch,
        int batch,
        int phase,
        double lr,
        StepResult losses,
        AclBatch.@Nullable Stats acl,
        double seconds) {}
