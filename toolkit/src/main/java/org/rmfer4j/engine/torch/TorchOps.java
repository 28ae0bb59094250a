package org.rmfer4j.engine.torch;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.nn.ParameterStore;
import org.rmfer4j.nn.TensorOps;

/**
 * {@link TensorOps} on libtorch, eager. Parameters and batch-norm buffers are zero-copy views of the
 * {@link ParameterStore}'s arrays ({@link TorchArrays#view}); batch norm in training mode updates the running
 * statistics in place with PyTorch's rule (momentum 0.1, unbiased variance).
 */
public final class TorchOps implements TensorOps<Tensor> {
    private final ParameterStore store;
    private final Map<String, Tensor> params;
    private final boolean training;
    private final Map<String, INDArray> keepAlive = new HashMap<>();

    /**
     * @param params shared leaf tensors of the store's parameters (requires_grad), created once per model
     */
    TorchOps(ParameterStore store, Map<String, Tensor> params, boolean training) {
        this.store = store;
        this.params = params;
        this.training = training;
    }

    /** A leaf tensor for every trainable parameter of the store (shared memory, requires_grad). */
    static Map<String, Tensor> leaves(ParameterStore store) {
        Map<String, Tensor> m = new HashMap<>();
        store.params().forEach((name, arr) -> {
            Tensor t = TorchArrays.view(arr);
            t.set_requires_grad(true);
            m.put(name, t);
        });
        return m;
    }

    @Override
    public Tensor param(String name) {
        Tensor t = params.get(name);
        if (t == null) {
            // declared after the leaves were made (first build): make its leaf now
            t = TorchArrays.view(store.get(name));
            t.set_requires_grad(true);
            params.put(name, t);
        }
        return t;
    }

    private Tensor buffer(String name) {
        return TorchArrays.view(store.get(name));
    }

    @Override
    public Tensor constant(INDArray value) {
        return TorchArrays.copy(value.castTo(store.dtype()));
    }

    @Override
    public Tensor input(String name, INDArray value) {
        // No copy when the array already has the right type and layout: libtorch reads ND4J's memory directly.
        INDArray v = value.dataType() == store.dtype() ? value : value.castTo(store.dtype());
        if (v.ordering() != 'c' || v.isView() || v.elementWiseStride() != 1) {
            v = v.dup('c');
        }
        keepAlive.put(name, v);
        return TorchArrays.view(v);
    }

    private static TensorOptional opt(@Nullable Tensor t) {
        return t == null ? new TensorOptional() : new TensorOptional(t);
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, @Nullable Tensor b, int stride, int[] pad, int groups) {
        Tensor in = x;
        long ph = pad[0];
        long pw = pad[2];
        if (pad[0] != pad[1] || pad[2] != pad[3]) {
            in = torch.constant_pad_nd(x, pad[2], pad[3], pad[0], pad[1]); // (left, right, top, bottom)
            ph = 0;
            pw = 0;
        }
        return torch.conv2d(in, w, opt(b), new long[] {stride, stride}, new long[] {ph, pw}, new long[] {1, 1}, groups);
    }

    @Override
    public Tensor batchNorm(Tensor x, String name, double eps) {
        return torch.batch_norm(
                x,
                opt(param(name + ".weight")),
                opt(param(name + ".bias")),
                opt(buffer(name + ".running_mean")),
                opt(buffer(name + ".running_var")),
                training,
                0.1,
                eps,
                false);
    }

    @Override
    public Tensor relu(Tensor x) {
        return torch.relu(x);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return torch.sigmoid(x);
    }

    @Override
    public Tensor silu(Tensor x) {
        return torch.silu(x);
    }

    @Override
    public Tensor maxPool(Tensor x, int kernel, int stride, int pad) {
        if (kernel == 2 && stride == 2 && pad == 0 && !x.requires_grad() && evenSpatial(x)) {
            return maxPool2x2NoGrad(x);
        }
        return torch.max_pool2d(
                x,
                new long[] {kernel, kernel},
                new long[] {stride, stride},
                new long[] {pad, pad},
                new long[] {1, 1},
                false);
    }

    private static boolean evenSpatial(Tensor x) {
        return x.dim() == 4 && x.size(2) % 2 == 0 && x.size(3) % 2 == 0 && x.is_contiguous();
    }

    /**
     * 2×2 / stride-2 max-pooling where no gradient is wanted (evaluation, ACL's selection pass, figures): the maximum
     * of the window's four strided views. libtorch 1.10's NCHW max_pool2d kernel took 8.6 ms of a batch-32 forward
     * pass of the 48 px small CNN on 2 cores, these three elementwise maxima 1.2 ms (bench/NOTES.md, torch entry 20).
     * Each output is the window's maximum, one of its four inputs, as max_pool2d's is (NaN propagates in both; only
     * a window whose maximum is a zero of both signs may come out with the other sign), so evaluations do not move.
     * Training keeps max_pool2d, whose backward pass sends a shared maximum's gradient to the first element
     * (torch.maximum's would split it), and which with autograd costs less than this with its backward.
     */
    static Tensor maxPool2x2NoGrad(Tensor x) {
        long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        Tensor v = x.view(n, c, h / 2, 2, w / 2, 2);
        Tensor top = torch.maximum(v.select(3, 0).select(4, 0), v.select(3, 0).select(4, 1));
        Tensor bottom =
                torch.maximum(v.select(3, 1).select(4, 0), v.select(3, 1).select(4, 1));
        return torch.maximum(top, bottom).contiguous(); // a no-op when it is already contiguous
    }

    @Override
    public Tensor globalAvgPool(Tensor x) {
        return x.mean(new long[] {2, 3}, false, new ScalarTypeOptional());
    }

    @Override
    public Tensor dropout(Tensor x, double p) {
        return training && p > 0 ? torch.dropout(x, p, true) : x;
    }

    @Override
    public Tensor linear(Tensor x, Tensor w, @Nullable Tensor b) {
        return torch.linear(x, w, opt(b));
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return a.add(b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return a.mul(b);
    }

    @Override
    public Tensor scaleChannels(Tensor x, Tensor g) {
        return x.mul(g.reshape(g.size(0), g.size(1), 1, 1));
    }

    @Override
    public Tensor mulScalar(Tensor x, double s) {
        return x.mul(new Scalar(s));
    }

    @Override
    public Tensor addScalar(Tensor x, double s) {
        return x.add(new Scalar(s));
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return a.mm(b);
    }

    @Override
    public Tensor matmulT(Tensor a, Tensor b) {
        return a.mm(b.t());
    }

    @Override
    public Tensor normalizeRows(Tensor x) {
        // no epsilon, as in the official code
        return x.div(
                x.mul(x).sum(new long[] {1}, true, new ScalarTypeOptional()).sqrt());
    }

    @Override
    public Tensor softmaxRows(Tensor x) {
        return torch.softmax(x, 1);
    }

    @Override
    public Tensor maskedLogSumExpRows(Tensor x, Tensor mask) {
        // the same formulation as the SameDiff layer (see SdOps): finite for empty rows, no overflow for any τ
        Tensor pushed = x.add(mask.sub(new Scalar(1.0)).mul(new Scalar(1e4)));
        Tensor m = pushed.amax(new long[] {1}, true);
        Tensor sum = torch.exp(pushed.sub(m))
                .mul(mask)
                .sum(new long[] {1}, true, new ScalarTypeOptional())
                .add(new Scalar(1e-30));
        return m.add(torch.log(sum)).reshape(-1);
    }

    @Override
    public Tensor logSoftmaxRows(Tensor x) {
        return torch.log_softmax(x, 1);
    }

    @Override
    public Tensor sumRows(Tensor x) {
        return x.sum(new long[] {1}, false, new ScalarTypeOptional());
    }

    @Override
    public Tensor sum(Tensor x) {
        return x.sum();
    }

    @Override
    public Tensor mean(Tensor x) {
        return x.mean();
    }

    @Override
    public Tensor reshape(Tensor x, long... shape) {
        return x.reshape(shape);
    }

    @Override
    public boolean training() {
        return training;
    }
}
