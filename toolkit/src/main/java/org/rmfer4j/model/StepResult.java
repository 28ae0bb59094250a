package org.rmfer4j.model;

/**
 * Loss values of one step (before the update).
 *
 * @param total       L_pre or L_total
 * @param fer         L_FER
 * @param ial         L_IAL
 * @param acl         L_ACL (NaN when the step had no ACL part)
 * @param aclAnchors  anchors in the step
 * @param aclSkipped  anchors skipped for an empty positive or negative set
 */
public record StepResult(double total, double fer, double ial, double acl, int aclAnchors, int aclSkipped) {}
