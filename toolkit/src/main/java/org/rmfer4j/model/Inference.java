package org.rmfer4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Eval-mode outputs for a batch (batch-norm running statistics; attention is within this batch).
 *
 * @param features        f {@code [B, n]}
 * @param logits          f^FER(f) {@code [B, C]}
 * @param projection      H(f) {@code [B, d]}
 * @param attention       A {@code [B, B]}
 * @param attentionLogits f^IAL(A·f) {@code [B, C]}
 */
public record Inference(
        INDArray features, INDArray logits, INDArray projection, INDArray attention, INDArray attentionLogits) {}
