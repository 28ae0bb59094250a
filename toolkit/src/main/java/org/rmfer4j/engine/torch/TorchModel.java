package org.rmfer4j.engine.torch;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
import org.rmfer4j.nn.Adam;
import org.rmfer4j.nn.Layers;

/**
 * {@link RmferModel} on libtorch (JavaCPP presets 1.10.2): the same network and losses as the SameDiff engine
 * (both are written once against {@link org.rmfer4j.nn.TensorOps}), run eagerly with libtorch's autograd. Every
 * step runs inside a {@link PointerScope}, so native memory is released step by step rather than when the garbage
 * collector gets round to it.
 */
public final class TorchModel extends AbstractRmferModel {
    private final Map<String, Tensor> leaves = new HashMap<>();
    private boolean gradsExist;

    public TorchModel(ModelConfig config) {
        this(config, DataType.FLOAT);
    }

    /** @param dtype FLOAT for training; DOUBLE for gradient checks and parity tests */
    public TorchModel(ModelConfig config, DataType dtype) {
        super(config, dtype, Engine.TORCH, TorchRuntime::init);
        // Declaration pass outside any PointerScope: the parameter leaves it creates must outlive every step.
        try (NoGradGuard g = new NoGradGuard()) {
            TorchOps ops = new TorchOps(store, leaves, false);
            int s = config.inputSize();
            RmferNet.forward(new Layers<>(ops, store), ops.input("images", Nd4j.zeros(dtype, 2, 3, s, s)), 2, config);
        }
    }

    @Override
    public Inference infer(INDArray images) {
        config.checkImages(images);
        TorchRuntime.enforce();
        try (PointerScope scope = new PointerScope();
                NoGradGuard g = new NoGradGuard()) {
            TorchOps ops = new TorchOps(store, leaves, false);
            int b = (int) images.size(0);
            RmferNet.Outputs<Tensor> o =
                    RmferNet.forward(new Layers<>(ops, store), ops.input("images", images), b, config);
            return new Inference(
                    TorchArrays.toNd4j(o.features()),
                    TorchArrays.toNd4j(o.logits()),
                    TorchArrays.toNd4j(o.projection()),
                    TorchArrays.toNd4j(o.attention()),
                    TorchArrays.toNd4j(o.attentionLogits()));
        }
    }

    /** Forward and backward in training mode; leaves the gradients on the leaves. */
    private StepResult forwardBackward(TrainInput in) {
        in.checkFor(config);
        if (gradsExist) {
            for (Tensor t : leaves.values()) {
                t.grad().zero_();
            }
        }
        TorchOps ops = new TorchOps(store, leaves, true);
        Layers<Tensor> l = new Layers<>(ops, store);
        RmferNet.Outputs<Tensor> out = RmferNet.forward(l, ops.input("images", in.images()), in.batch(), config);
        Tensor acl = in.aclImages() == null ? null : ops.input("acl_images", in.aclImages());
        // The RMset pass normalises with its own batch statistics but must not move the running statistics, which
        // describe the labelled data the model is evaluated on (the SameDiff engine updates them the same way).
        Map<String, INDArray> afterLabelled = acl == null ? null : saveBuffers();
        RmferNet.Losses<Tensor> losses = RmferNet.losses(
                l,
                out,
                ops.input("targets", in.targets()),
                in.batch(),
                in.lambda1(),
                acl,
                in.layout(),
                in.lambda2(),
                config);
        if (afterLabelled != null) {
            store.assign(afterLabelled);
        }
        losses.total().backward();
        gradsExist = true;
        AclLayout layout = in.layout();
        return new StepResult(
                losses.total().item_double(),
                losses.fer().item_double(),
                losses.ial().item_double(),
                losses.acl() == null ? Double.NaN : losses.acl().item_double(),
                layout == null ? 0 : layout.anchors(),
                layout == null ? 0 : layout.skipped());
    }

    @Override
    public Gradients gradients(TrainInput input) {
        TorchRuntime.enforce();
        Map<String, INDArray> saved = saveBuffers();
        try (PointerScope scope = new PointerScope()) {
            StepResult r = forwardBackward(input);
            Map<String, INDArray> grads = new HashMap<>();
            leaves.forEach((name, t) -> grads.put(name, TorchArrays.toNd4j(t.grad())));
            return new Gradients(r, grads);
        } finally {
            // computing gradients must not move the running statistics
            store.assign(saved);
        }
    }

    private Map<String, INDArray> saveBuffers() {
        Map<String, INDArray> m = new HashMap<>();
        store.buffers().forEach((k, v) -> m.put(k, v.dup()));
        return m;
    }

    @Override
    public StepResult step(TrainInput input, double lr) {
        TorchRuntime.enforce();
        try (PointerScope scope = new PointerScope()) {
            StepResult r = forwardBackward(input);
            if (!Double.isFinite(r.total())) {
                throw new RmferException("Loss is not finite (" + r + "); lower the learning rate or check the data");
            }
            adamStep(lr);
            return r;
        }
    }

    /**
     * Adam with libtorch's in-place kernels, exactly as {@code torch.optim.Adam} computes it; the moments are the
     * engine-neutral {@link Adam}'s ND4J arrays (zero-copy views), so checkpoints are the same for both engines.
     */
    private void adamStep(double lr) {
        long t = adam.nextStep();
        double bc1 = 1 - Math.pow(adam.beta1(), t);
        double bc2 = 1 - Math.pow(adam.beta2(), t);
        try (NoGradGuard g = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : leaves.entrySet()) {
                INDArray w = store.params().get(e.getKey());
                Tensor grad = e.getValue().grad();
                Tensor m = TorchArrays.view(adam.firstMoment(e.getKey(), w));
                Tensor v = TorchArrays.view(adam.secondMoment(e.getKey(), w));
                m.mul_(new Scalar(adam.beta1())).add_(grad, new Scalar(1 - adam.beta1()));
                v.mul_(new Scalar(adam.beta2())).addcmul_(grad, grad, new Scalar(1 - adam.beta2()));
                Tensor denom = v.sqrt().div_(new Scalar(Math.sqrt(bc2))).add_(new Scalar(adam.eps()));
                e.getValue().addcdiv_(m, denom, new Scalar(-lr / bc1));
            }
        }
    }

    @Override
    public void close() {
        leaves.clear();
    }
}
