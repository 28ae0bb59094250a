package org.rmfer4j.data.verify;

import java.util.LinkedHashSet;
import java.util.List;
import org.rmfer4j.data.Problem;
import tech.tablesaw.api.Table;

/**
 * What {@code datasets verify} found.
 *
 * @param dataset  manifest name
 * @param root     the checked copy
 * @param counts   per split and class: expected (manifest) and found
 * @param problems everything wrong; empty means the copy matches its manifest
 * @param notes    what loaders skipped by design (e.g. AffectNet codes 8–10), not problems
 * @param images   number of image files checked
 */
public record VerificationReport(
        String dataset, String root, Table counts, List<Problem> problems, List<String> notes, int images) {
    public VerificationReport {
        // a file shared by several splits (RAF-DB's one label list) would otherwise report each problem once per split
        problems = List.copyOf(new LinkedHashSet<>(problems));
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** A human-readable report; at most {@code maxProblems} problems are listed. */
    public String format(int maxProblems) {
        StringBuilder sb = new StringBuilder();
        sb.append("Dataset ").append(dataset).append(" at ").append(root).append('\n');
        sb.append(counts.printAll()).append('\n');
        sb.append("Images checked: ").append(images).append('\n');
        for (String n : notes) {
            sb.append("note: ").append(n).append('\n');
        }
        if (problems.isEmpty()) {
            sb.append("OK: no problems found\n");
        } else {
            sb.append(problems.size()).append(problems.size() == 1 ? " problem:\n" : " problems:\n");
            problems.stream()
                    .limit(maxProblems)
                    .forEach(p -> sb.append("  ").append(p).append('\n'));
            if (problems.size() > maxProblems) {
                sb.append("  … and ").append(problems.size() - maxProblems).append(" more\n");
            }
        }
        return sb.toString();
    }
}
