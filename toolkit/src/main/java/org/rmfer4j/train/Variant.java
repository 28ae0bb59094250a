package org.rmfer4j.train;

import java.util.Locale;
import org.rmfer4j.core.RmferException;

/**
 * The three rows of the paper's ablation (Table 3 / Fig. 5), each a {@link TrainConfig} with the same data, seed
 * and budget, differing only in the loss weights. Every table and figure names a variant through here: {@link #key()}
 * in files and CSV rows, {@link #label()} in figures and the toolkit's tables, {@link #paperRow()} where the paper's
 * own table is shown beside them.
 */
public enum Variant {
    /** L_FER only: λ1 = 0, λ2 = 0 (both phases train the classifier alone). */
    BASELINE("baseline", "L_FER", "Ours w/o ACL, IAL"),
    /** L_pre = L_FER + λ1·L_IAL in both phases: RMFER without the contrastive module. */
    WITHOUT_ACL("w/o ACL", "L_pre", "Ours w/o ACL"),
    /** L_pre in phase 1, then L_total = L_pre + λ2·L_ACL with RMset anchors in phase 2. */
    FULL("RMFER", "L_total", "Ours");

    private final String label;
    private final String loss;
    private final String paperRow;

    Variant(String label, String loss, String paperRow) {
        this.label = label;
        this.loss = loss;
        this.paperRow = paperRow;
    }

    /** The short label of figures and the toolkit's tables ("baseline", "w/o ACL", "RMFER"). */
    public String label() {
        return label;
    }

    /** The name in run directories and CSV rows ("baseline", "without-acl", "full"). */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The row of the paper's Tables 1 and 3 this variant reproduces ("Ours w/o ACL, IAL", "Ours w/o ACL", "Ours"). */
    public String paperRow() {
        return paperRow;
    }

    /** The loss this variant minimises in its second phase. */
    public String loss() {
        return loss;
    }

    /** {@code config} turned into this variant (λ1 / λ2 zeroed where the variant drops a term; name suffixed). */
    public TrainConfig apply(TrainConfig config) {
        TrainConfig.Builder b = config.toBuilder().optName(config.name() + "-" + key());
        return switch (this) {
            case BASELINE -> b.optLambda1(0).optLambda2(0).build();
            case WITHOUT_ACL -> b.optLambda2(0).build();
            case FULL -> {
                if (!(config.acl().lambda2() > 0)) {
                    throw new RmferException("The full RMFER variant needs lambda2 > 0, got "
                            + config.acl().lambda2());
                }
                yield b.build();
            }
        };
    }

    public static Variant parse(String s) {
        String k = s.trim()
                .toUpperCase(Locale.ROOT)
                .replace('-', '_')
                .replace('/', '_')
                .replace(' ', '_');
        return switch (k) {
            case "BASELINE", "FER" -> BASELINE;
            case "WITHOUT_ACL", "W_O_ACL", "WO_ACL", "PRE", "IAL" -> WITHOUT_ACL;
            case "FULL", "RMFER", "TOTAL" -> FULL;
            default -> throw new RmferException("Unknown variant '" + s + "'; expected baseline, without-acl or full");
        };
    }
}
