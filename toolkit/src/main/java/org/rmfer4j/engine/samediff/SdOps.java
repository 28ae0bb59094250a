package org.rmfer4j.engine.samediff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.random.custom.RandomBernoulli;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.nn.ParameterStore;
import org.rmfer4j.nn.TensorOps;

/**
 * The verified SameDiff op layer: the only code in the toolkit that calls SameDiff ops. Each method avoids a known
 * broken op of 1.0.0-M2.1 (see {@code shared/reference/java-stack.md} §6):
 * <ul>
 *   <li>batch norm is written out (FAST form {@code (x − μ)·(γ·rsqrt(σ² + ε)) + β}, the scale and shift as a 1×1
 *       depthwise convolution with bias); {@code nn().batchNorm} has no backprop;</li>
 *   <li>softmax, log-softmax and log-sum-exp are max-subtracted by hand (ND4J's softmax of one −1e7 logit is NaN); {@code logSoftmax(x, dim)} breaks graph cloning and
 *       {@code logSumExp(x, dim)} crashes in backprop and subtracts the global max;</li>
 *   <li>gathers are selection-matrix products; {@code gather} does not accumulate duplicate indices;</li>
 *   <li>masks are arithmetic; {@code where} has no gradient.</li>
 * </ul>
 * Every op has a finite-difference gradient test in double precision.
 */
public final class SdOps implements TensorOps<SDVariable> {
    private final SameDiff sd;
    private final ParameterStore store;
    private final boolean training;
    private final DataType dtype;
    private final Map<String, SDVariable> vars = new LinkedHashMap<>();
    private final Map<String, INDArray> inputs = new LinkedHashMap<>();
    private final List<String[]> bnStats = new ArrayList<>();
    private int counter;

    /**
     * @param sd       the graph to build into
     * @param store    parameters; their arrays become the graph's variables (shared, so updates show everywhere)
     * @param training batch statistics and dropout on
     */
    public SdOps(SameDiff sd, ParameterStore store, boolean training) {
        this.sd = sd;
        this.store = store;
        this.training = training;
        this.dtype = store.dtype();
    }

    /** The parameter store the graph reads. */
    public ParameterStore store() {
        return store;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    /** Values of the inputs declared so far (for the first run). */
    public Map<String, INDArray> inputs() {
        return inputs;
    }

    /** For each batch-norm layer in training mode: {layer name, batch-mean, batch-variance, values per channel}. */
    public List<String[]> batchNormStats() {
        return bnStats;
    }

    private String fresh(String base) {
        return "rmfer__" + base + "_" + (counter++); // a prefix SameDiff never generates
    }

    @Override
    public SDVariable param(String name) {
        return vars.computeIfAbsent(name, n -> sd.var(n, store.get(n)));
    }

    private SDVariable buffer(String name) {
        return vars.computeIfAbsent(name, n -> sd.constant(n, store.get(n)));
    }

    @Override
    public SDVariable constant(INDArray value) {
        return sd.constant(fresh("const"), value.castTo(dtype));
    }

    @Override
    public SDVariable input(String name, INDArray value) {
        SDVariable existing = sd.getVariable(name);
        if (existing != null) {
            return existing;
        }
        inputs.put(name, value.castTo(dtype));
        return sd.placeHolder(name, dtype, value.shape());
    }

    @Override
    public SDVariable conv2d(SDVariable x, SDVariable w, @Nullable SDVariable b, int stride, int[] pad, int groups) {
        long[] ws = store.get(w.name()).shape();
        int k = (int) ws[2];
        boolean symmetric = pad[0] == pad[1] && pad[2] == pad[3];
        SDVariable in = x;
        if (!symmetric) {
            INDArray p = Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {pad[0], pad[1]}, {pad[2], pad[3]}});
            in = sd.nn().pad(x, sd.constant(fresh("pad"), p), 0.0);
        }
        Conv2DConfig cfg = Conv2DConfig.builder()
                .kH(k)
                .kW(k)
                .sH(stride)
                .sW(stride)
                .pH(symmetric ? pad[0] : 0)
                .pW(symmetric ? pad[2] : 0)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .build();
        if (groups == 1) {
            SDVariable yxio = sd.permute(w, 2, 3, 1, 0); // [out,in,kH,kW] -> [kH,kW,in,out]
            return b == null ? sd.cnn().conv2d(in, yxio, cfg) : sd.cnn().conv2d(in, yxio, b, cfg);
        }
        if (groups != ws[0] || ws[1] != 1) {
            throw new IllegalArgumentException("Only depthwise grouped convolutions are supported (groups = channels)");
        }
        SDVariable dw = sd.permute(w, 2, 3, 0, 1); // [C,1,kH,kW] -> [kH,kW,C,1]
        return b == null ? sd.cnn().depthWiseConv2d(in, dw, cfg) : sd.cnn().depthWiseConv2d(in, dw, b, cfg);
    }

    @Override
    public SDVariable batchNorm(SDVariable x, String name, double eps) {
        long c = store.get(name + ".weight").length();
        SDVariable gamma = sd.reshape(param(name + ".weight"), 1, c, 1, 1);
        SDVariable mean;
        SDVariable var;
        SDVariable centred;
        if (training) {
            mean = x.mean(true, 0, 2, 3);
            centred = x.sub(mean);
            var = sd.math().square(centred).mean(true, 0, 2, 3);
            String m = fresh(name + "_bmean");
            String v = fresh(name + "_bvar");
            String n = fresh(name + "_bcount");
            mean.rename(m);
            var.rename(v);
            // values per channel, for the unbiased running variance: B·H·W of this layer
            sd.sizeAt(x, 0).mul(sd.sizeAt(x, 2)).mul(sd.sizeAt(x, 3)).rename(n);
            bnStats.add(new String[] {name, m, v, n});
        } else {
            mean = sd.reshape(buffer(name + ".running_mean"), 1, c, 1, 1);
            var = sd.reshape(buffer(name + ".running_var"), 1, c, 1, 1);
            centred = x.sub(mean);
        }
        SDVariable scale = gamma.mul(sd.math().rsqrt(var.add(eps)));
        // y = centred·scale + β per channel, as a 1×1 depthwise convolution with bias: its backward pass is one
        // convolution kernel (oneDNN's on the default build) where the broadcast product's multiply_bp took 0.33 s of a
        // 1.5–1.9 s small-CNN step at 64 px (bench/NOTES.md, SameDiff entry 11)
        Conv2DConfig one = Conv2DConfig.builder()
                .kH(1)
                .kW(1)
                .sH(1)
                .sW(1)
                .pH(0)
                .pW(0)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .build();
        return sd.cnn().depthWiseConv2d(centred, sd.reshape(scale, 1, 1, c, 1), param(name + ".bias"), one);
    }

    @Override
    public SDVariable relu(SDVariable x) {
        return sd.nn().relu(x, 0.0);
    }

    @Override
    public SDVariable sigmoid(SDVariable x) {
        return sd.nn().sigmoid(x);
    }

    @Override
    public SDVariable silu(SDVariable x) {
        return x.mul(sd.nn().sigmoid(x));
    }

    @Override
    public SDVariable maxPool(SDVariable x, int kernel, int stride, int pad) {
        Pooling2DConfig cfg = Pooling2DConfig.builder()
                .kH(kernel)
                .kW(kernel)
                .sH(stride)
                .sW(stride)
                .pH(pad)
                .pW(pad)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(false)
                .build();
        return sd.cnn().maxPooling2d(x, cfg);
    }

    @Override
    public SDVariable globalAvgPool(SDVariable x) {
        return x.mean(2, 3);
    }

    @Override
    public SDVariable dropout(SDVariable x, double p) {
        if (!training || p == 0) {
            return x;
        }
        // dropoutInverted has no derivative in M2.1: draw a Bernoulli keep-mask shaped like x and scale by hand.
        SDVariable keep =
                new RandomBernoulli(sd, sd.shape(x), 1.0 - p).outputVariable().castTo(dtype);
        return x.mul(keep).mul(1.0 / (1.0 - p));
    }

    @Override
    public SDVariable linear(SDVariable x, SDVariable w, @Nullable SDVariable b) {
        SDVariable y = sd.mmul(x, w, false, true, false);
        return b == null ? y : y.add(b);
    }

    @Override
    public SDVariable add(SDVariable a, SDVariable b) {
        return a.add(b);
    }

    @Override
    public SDVariable mul(SDVariable a, SDVariable b) {
        return a.mul(b);
    }

    @Override
    public SDVariable scaleChannels(SDVariable x, SDVariable g) {
        return x.mul(sd.expandDims(sd.expandDims(g, 2), 3));
    }

    @Override
    public SDVariable mulScalar(SDVariable x, double s) {
        return x.mul(s);
    }

    @Override
    public SDVariable addScalar(SDVariable x, double s) {
        return x.add(s);
    }

    @Override
    public SDVariable matmul(SDVariable a, SDVariable b) {
        return sd.mmul(a, b);
    }

    @Override
    public SDVariable matmulT(SDVariable a, SDVariable b) {
        return sd.mmul(a, b, false, true, false);
    }

    @Override
    public SDVariable normalizeRows(SDVariable x) {
        // No epsilon, as in the official code (a zero projection would be degenerate anyway).
        return x.div(x.norm2(true, 1));
    }

    @Override
    public SDVariable softmaxRows(SDVariable x) {
        // max-subtracted by hand, like logSoftmaxRows: ND4J's softmax gave NaN for a single -1e7 logit in double
        // precision (a batch of one under the official self-mask), where the answer is 1
        SDVariable e = sd.math().exp(x.sub(x.max(true, 1)));
        return e.div(e.sum(true, 1));
    }

    @Override
    public SDVariable maskedLogSumExpRows(SDVariable x, SDVariable mask) {
        // Unmasked entries are pushed 1e4 down, so exp(x' − m) underflows to 0 for them and m is the max over the
        // masked entries (no overflow for any τ); an all-zero mask row gives max(x) − 1e4 − 69, finite, never NaN.
        SDVariable pushed = x.add(mask.sub(1.0).mul(1e4));
        SDVariable m = pushed.max(true, 1);
        SDVariable sum = sd.math().exp(pushed.sub(m)).mul(mask).sum(true, 1).add(1e-30);
        return sd.reshape(m.add(sd.math().log(sum)), -1);
    }

    @Override
    public SDVariable logSoftmaxRows(SDVariable x) {
        SDVariable m = x.max(true, 1);
        SDVariable shifted = x.sub(m);
        return shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
    }

    @Override
    public SDVariable sumRows(SDVariable x) {
        return x.sum(1);
    }

    @Override
    public SDVariable sum(SDVariable x) {
        return x.sum();
    }

    @Override
    public SDVariable mean(SDVariable x) {
        return x.mean();
    }

    @Override
    public SDVariable reshape(SDVariable x, long... shape) {
        return sd.reshape(x, shape);
    }

    @Override
    public boolean training() {
        return training;
    }
}
