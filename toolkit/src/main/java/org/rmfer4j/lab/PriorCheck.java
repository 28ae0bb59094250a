package org.rmfer4j.lab;

import java.nio.file.Path;
import java.util.Locale;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.train.AclSampler;
import org.rmfer4j.train.ExpressionOracle;

/**
 * The paper's assumption about an RMset (Fig. 1), measured against ground truth before any training: of the ACL
 * candidates a sampler draws, how often positives truly share the anchor's expression and negatives truly differ,
 * beside the chance rates of two random faces of that RMset (Σ_e p_e² and 1 − Σ_e p_e²).
 *
 * @param positives      share of positive candidates with the anchor's expression
 * @param negatives      share of negative candidates with another expression
 * @param positiveChance Σ_e p_e² over the RMset's faces
 * @param anchors        anchors measured
 */
public record PriorCheck(double positives, double negatives, double positiveChance, int anchors) {
    /** Draws {@code anchors} anchors (seeded) with the sampler's options and counts against {@code truth}. */
    public static PriorCheck measure(
            Path rmset, ExpressionOracle truth, AclSampler.Options options, int anchors, long seed) {
        ExpressionOracle.CandidateCounts n =
                truth.countCandidates(new AclSampler(RmsetIndex.read(rmset), options), seed, anchors);
        return new PriorCheck(
                n.positivePrecision(), n.negativePrecision(), LabTables.chance(rmset, truth), (int) n.anchors());
    }

    /** "positives share the anchor's expression 71.2% (chance 30.5%), negatives differ 68.0% (chance 69.5%)" */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "positives share the anchor's expression %.1f%% (chance %.1f%%), negatives differ %.1f%% "
                        + "(chance %.1f%%), over %d anchors",
                100 * positives,
                100 * positiveChance,
                100 * negatives,
                100 * (1 - positiveChance),
                anchors);
    }
}
