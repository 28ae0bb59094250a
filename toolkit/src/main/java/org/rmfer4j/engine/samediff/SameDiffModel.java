package org.rmfer4j.engine.samediff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.model.AbstractRmferModel;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.Inference;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.RmferNet;
import org.rmfer4j.model.StepResult;
import org.rmfer4j.model.TrainInput;
import org.rmfer4j.nn.Layers;
import org.rmfer4j.nn.ParameterStore;

/**
 * {@link RmferModel} on SameDiff. SameDiff graphs have static shapes here (masks and selection matrices are
 * constants of a batch size), so one graph is compiled per (mode, batch size, ACL arrangement) and cached; all
 * graphs share the parameter arrays of one {@link ParameterStore}, so an update is seen by every graph. Batch-norm
 * running statistics are updated in Java from the batch statistics each training graph outputs (PyTorch's rule:
 * momentum 0.1, unbiased variance), so inference never depends on the rest of the batch.
 */
public final class SameDiffModel extends AbstractRmferModel {
    private static final int MAX_GRAPHS = 12;
    private static final double BN_MOMENTUM = 0.1;

    private final Map<String, Graph> graphs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Graph> eldest) {
            return size() > MAX_GRAPHS;
        }
    };

    private final List<Listener> listeners = new ArrayList<>();
    /**
     * OpenBLAS threads during this model's steps, or 0 to leave the process-wide setting alone (the default: ND4J sets
     * every core at start-up, the torch engine one thread for itself). libnd4j's convolutions are im2col + OpenBLAS
     * GEMM, so this is the knob for measuring what the setting does to SameDiff (bench/NOTES.md).
     */
    private int blasThreads = Integer.getInteger("rmfer.samediff.blasThreads", 0);

    /** One compiled graph and the names of what it computes. */
    private record Graph(
            SameDiff sd,
            List<String> placeholders,
            Map<String, String> outputs,
            List<String[]> bnStats,
            int labelledBn) {}

    public SameDiffModel(ModelConfig config) {
        this(config, DataType.FLOAT);
    }

    /** @param dtype FLOAT for training; DOUBLE for gradient checks and parity tests */
    public SameDiffModel(ModelConfig config, DataType dtype) {
        super(config, dtype, Engine.SAMEDIFF, Nd4jSupport::init);
        graph(false, 2, null); // declares every parameter and buffer
    }

    private Graph graph(boolean training, int batch, @Nullable AclLayout layout) {
        String key = training + "/" + batch + (layout == null ? "" : "/" + layout.anchors() + "x" + layout.slots());
        Graph g = graphs.get(key);
        if (g == null) {
            g = build(training, batch, layout);
            graphs.put(key, g);
        }
        return g;
    }

    private Graph build(boolean training, int batch, @Nullable AclLayout layout) {
        SameDiff sd = SameDiff.create();
        listeners.forEach(sd::addListeners);
        SdOps ops = new SdOps(sd, store, training);
        Layers<SDVariable> l = new Layers<>(ops, store);
        int s = config.inputSize();
        SDVariable images = ops.input("images", Nd4j.zeros(store.dtype(), batch, 3, s, s));
        RmferNet.Outputs<SDVariable> out = RmferNet.forward(l, images, batch, config);
        int labelledBn = ops.batchNormStats().size();
        Map<String, String> names = new HashMap<>();
        names.put("features", out.features().name());
        names.put("logits", out.logits().name());
        names.put("projection", out.projection().name());
        names.put("attention", out.attention().name());
        names.put("attentionLogits", out.attentionLogits().name());
        if (training) {
            SDVariable targets = ops.input(
                    "targets", Nd4j.zeros(store.dtype(), batch, config.classes().size()));
            SDVariable acl =
                    layout == null ? null : ops.input("acl_images", Nd4j.zeros(store.dtype(), layout.rows(), 3, s, s));
            RmferNet.Losses<SDVariable> losses = RmferNet.losses(l, out, targets, batch, 0.0, acl, layout, 0.0, config);
            names.put("total", losses.total().name());
            names.put("fer", losses.fer().name());
            names.put("ial", losses.ial().name());
            if (losses.acl() != null) {
                names.put("acl", losses.acl().name());
            }
            sd.setLossVariables(losses.total().name());
        }
        return new Graph(
                sd, new ArrayList<>(ops.inputs().keySet()), names, List.copyOf(ops.batchNormStats()), labelledBn);
    }

    /**
     * Adds a SameDiff listener to every graph this model has built and will build (for profiling: see
     * {@code org.rmfer4j.engine.samediff.SameDiffProfile}).
     */
    public void addListener(Listener listener) {
        listeners.add(listener);
        graphs.values().forEach(g -> g.sd().addListeners(listener));
    }

    /** Sets the OpenBLAS thread count this model's steps and inference run with (for measurements); 0 leaves it alone. */
    public SameDiffModel withBlasThreads(int threads) {
        if (threads < 0) {
            throw new RmferException(
                    "OpenBLAS threads must be >= 0 (0: leave the process-wide setting), got " + threads);
        }
        this.blasThreads = threads;
        return this;
    }

    /** OpenBLAS's thread count in force now (process-wide). */
    public static int blasThreads() {
        return org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads();
    }

    /** Re-applies this model's OpenBLAS thread count, when one was set (cheap; before every step and inference call). */
    private void enforceThreads() {
        if (blasThreads > 0 && org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads() != blasThreads) {
            org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(blasThreads);
        }
    }

    private Map<String, INDArray> feed(Graph g, TrainInput in) {
        Map<String, INDArray> ph = new HashMap<>();
        DataType dt = store.dtype();
        ph.put("images", in.images().castTo(dt));
        ph.put("targets", in.targets().castTo(dt));
        ph.put("lambda1", Nd4j.scalar(dt, in.lambda1()));
        if (in.layout() != null) {
            AclLayout layout = in.layout();
            ph.put("acl_images", in.aclImages().castTo(dt));
            ph.put("acl_pos", layout.pos().castTo(dt));
            ph.put("acl_any", layout.pos().add(layout.neg()).castTo(dt));
            int valid = layout.anchors() - layout.skipped();
            ph.put("acl_weight", layout.valid().div(Math.max(1, valid)).castTo(dt));
            ph.put("lambda2", Nd4j.scalar(dt, in.lambda2()));
        }
        ph.keySet().retainAll(g.placeholders());
        return ph;
    }

    @Override
    public Inference infer(INDArray images) {
        config.checkImages(images);
        enforceThreads();
        int b = (int) images.size(0);
        Graph g = graph(false, b, null);
        Map<String, String> n = g.outputs();
        Map<String, INDArray> out = g.sd().output(
                        Map.of("images", images.castTo(store.dtype())),
                        n.get("features"),
                        n.get("logits"),
                        n.get("projection"),
                        n.get("attention"),
                        n.get("attentionLogits"));
        return new Inference(
                out.get(n.get("features")),
                out.get(n.get("logits")),
                out.get(n.get("projection")),
                out.get(n.get("attention")),
                out.get(n.get("attentionLogits")));
    }

    private record Run(StepResult losses, Map<String, INDArray> grads, Map<String, INDArray> outputs, Graph graph) {}

    private Run run(TrainInput in) {
        in.checkFor(config);
        enforceThreads();
        Graph g = graph(true, in.batch(), in.layout());
        List<String> outputs = new ArrayList<>(List.of(
                g.outputs().get("total"), g.outputs().get("fer"), g.outputs().get("ial")));
        if (g.outputs().containsKey("acl")) {
            outputs.add(g.outputs().get("acl"));
        }
        for (String[] bn : g.bnStats().subList(0, g.labelledBn())) {
            outputs.add(bn[1]);
            outputs.add(bn[2]);
            outputs.add(bn[3]);
        }
        OutAndGrad og = g.sd().calculateGradientsAndOutputs(
                        feed(g, in), outputs, new ArrayList<>(store.params().keySet()));
        Map<String, INDArray> o = og.getOutputs();
        double acl =
                g.outputs().containsKey("acl") ? o.get(g.outputs().get("acl")).getDouble(0) : Double.NaN;
        AclLayout layout = in.layout();
        StepResult r = new StepResult(
                o.get(g.outputs().get("total")).getDouble(0),
                o.get(g.outputs().get("fer")).getDouble(0),
                o.get(g.outputs().get("ial")).getDouble(0),
                acl,
                layout == null ? 0 : layout.anchors(),
                layout == null ? 0 : layout.skipped());
        return new Run(r, og.getGradients(), o, g);
    }

    @Override
    public Gradients gradients(TrainInput input) {
        Run r = run(input);
        return new Gradients(r.losses(), r.grads());
    }

    @Override
    public StepResult step(TrainInput input, double lr) {
        Run r = run(input);
        if (!Double.isFinite(r.losses().total())) {
            throw new RmferException(
                    "Loss is not finite (" + r.losses() + "); lower the learning rate or check the data");
        }
        for (String[] bn : r.graph().bnStats().subList(0, r.graph().labelledBn())) {
            double n = r.outputs().get(bn[3]).getDouble(0);
            INDArray mean = r.outputs().get(bn[1]).reshape(-1);
            INDArray var = r.outputs().get(bn[2]).reshape(-1).mul(n / Math.max(1.0, n - 1.0));
            INDArray rm = store.get(bn[0] + ".running_mean");
            INDArray rv = store.get(bn[0] + ".running_var");
            rm.muli(1 - BN_MOMENTUM).addi(mean.castTo(rm.dataType()).mul(BN_MOMENTUM));
            rv.muli(1 - BN_MOMENTUM).addi(var.castTo(rv.dataType()).mul(BN_MOMENTUM));
        }
        adam.step(store, r.grads(), lr);
        return r.losses();
    }

    @Override
    public void close() {
        graphs.clear();
    }
}
