package org.rmfer4j.engine.samediff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Wall time of every SameDiff op execution, summed by op name (conv2d, conv2d_bp, multiply_bp, ...), for finding where
 * a SameDiff step goes. Attach with {@code SameDiffModel.addListener}; ops run one at a time on the calling thread, so
 * the time between an op's start and end hooks is that op's. The remainder of a step (graph bookkeeping, Adam, the
 * Java side) is what the op times do not add up to.
 */
public final class SameDiffProfile extends BaseListener {
    /** One op name's total. */
    public record Row(String op, long calls, double millis) {}

    private final Map<String, long[]> byOp = new HashMap<>();
    private long started;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        started = System.nanoTime();
    }

    @Override
    public void opExecution(
            SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        long t = System.nanoTime() - started;
        long[] acc = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        acc[0] += t;
        acc[1]++;
    }

    /** Forgets what was measured (after warm-up). */
    public void reset() {
        byOp.clear();
    }

    /** Totals by op name, largest first. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        byOp.forEach((k, v) -> out.add(new Row(k, v[1], v[0] / 1e6)));
        out.sort((a, b) -> Double.compare(b.millis(), a.millis()));
        return out;
    }

    /** Sum over all ops, in milliseconds. */
    public double totalMillis() {
        return rows().stream().mapToDouble(Row::millis).sum();
    }

    /** A Markdown table of the top {@code n} op names per step, with their share of {@code stepMillis}. */
    public String table(int n, int steps, double stepMillis) {
        StringBuilder sb = new StringBuilder("| op | calls/step | ms/step | share of step |\n|---|---:|---:|---:|\n");
        List<Row> rows = rows();
        for (Row r : rows.subList(0, Math.min(n, rows.size()))) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.1f | %.0f%% |%n",
                    r.op(),
                    r.calls() / (double) steps,
                    r.millis() / steps,
                    100 * r.millis() / steps / stepMillis));
        }
        double rest = rows.subList(Math.min(n, rows.size()), rows.size()).stream()
                .mapToDouble(Row::millis)
                .sum();
        sb.append(String.format(
                Locale.ROOT,
                "| (%d other op names) | | %.1f | %.0f%% |%n",
                Math.max(0, rows.size() - n),
                rest / steps,
                100 * rest / steps / stepMillis));
        double outside = stepMillis - totalMillis() / steps;
        sb.append(String.format(
                Locale.ROOT,
                "| outside ops (graph bookkeeping, Adam, Java) | | %.1f | %.0f%% |%n",
                outside,
                100 * outside / stepMillis));
        return sb.toString();
    }
}
