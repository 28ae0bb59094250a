package org.rmfer4j.model;

import java.util.List;
import java.util.Locale;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.nn.Layers;

/**
 * The feature extractors, each written once against {@link TensorOps} and so available on every engine. Parameter
 * names follow torchvision / timm, so weights exported from PyTorch map by name.
 */
public enum Backbone {
    /**
     * 4 × (conv3×3 → BN → ReLU → maxpool 2×2) with 32-64-128-256 channels, then global average pool: 256-d. The CPU
     * default. Computed as conv → BN → maxpool → ReLU, which gives the same outputs and gradients.
     */
    SMALL_CNN(256),
    /** torchvision's ResNet-18 without its classifier: 512-d. */
    RESNET18(512),
    /** timm's tf_efficientnet_b2 without its classifier (the official RMFER backbone): 1408-d. */
    EFFICIENTNET_B2(1408);

    private final int featureSize;

    Backbone(int featureSize) {
        this.featureSize = featureSize;
    }

    /** Size of the feature vector f. */
    public int featureSize() {
        return featureSize;
    }

    public static Backbone parse(String s) {
        String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (k) {
            case "SMALL_CNN", "SMALLCNN", "CNN" -> SMALL_CNN;
            case "RESNET18", "RESNET_18" -> RESNET18;
            case "EFFICIENTNET_B2", "EFFICIENTNETB2", "ENET_B2", "TF_EFFICIENTNET_B2" -> EFFICIENTNET_B2;
            default ->
                throw new RmferException(
                        "Unknown backbone '" + s + "'; expected small-cnn, resnet18 or efficientnet-b2");
        };
    }

    /** Runs the backbone: {@code [B, 3, size, size] → [B, featureSize()]}. */
    public <T> T forward(Layers<T> l, T images, int size) {
        Layers.Act<T> x = new Layers.Act<>(images, 3, size, size);
        return switch (this) {
            case SMALL_CNN -> smallCnn(l, x);
            case RESNET18 -> resnet18(l, x);
            case EFFICIENTNET_B2 -> efficientNetB2(l, x);
        };
    }

    private static <T> T smallCnn(Layers<T> l, Layers.Act<T> x) {
        int[] channels = {32, 64, 128, 256};
        for (int i = 0; i < channels.length; i++) {
            String n = "backbone.block" + i;
            x = l.conv(x, n + ".conv", channels[i], 3, 1, Layers.Padding.SYMMETRIC, 1, false);
            // ReLU after the max-pool instead of before: the same values and gradients (max-pooling commutes with any
            // non-decreasing function, and both orders pass no gradient where the window's maximum is ≤ 0), but ReLU
            // and its backward pass then run on a quarter of the data (bench/NOTES.md, torch entry 18)
            x = l.relu(l.maxPool(l.bn(x, n + ".bn", 1e-5), 2, 2, 0));
        }
        return l.pool(x);
    }

    private static <T> T resnet18(Layers<T> l, Layers.Act<T> x) {
        String p = "backbone.";
        x = l.conv(x, p + "conv1", 64, 7, 2, Layers.Padding.SYMMETRIC, 1, false);
        x = l.relu(l.bn(x, p + "bn1", 1e-5));
        x = l.maxPool(x, 3, 2, 1);
        int[] widths = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            for (int b = 0; b < 2; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                String n = p + "layer" + (s + 1) + "." + b;
                Layers.Act<T> identity = x;
                Layers.Act<T> y = l.conv(x, n + ".conv1", widths[s], 3, stride, Layers.Padding.SYMMETRIC, 1, false);
                y = l.relu(l.bn(y, n + ".bn1", 1e-5));
                y = l.conv(y, n + ".conv2", widths[s], 3, 1, Layers.Padding.SYMMETRIC, 1, false);
                y = l.bn(y, n + ".bn2", 1e-5);
                if (stride != 1 || identity.c() != widths[s]) {
                    identity =
                            l.conv(identity, n + ".downsample.0", widths[s], 1, stride, Layers.Padding.VALID, 1, false);
                    identity = l.bn(identity, n + ".downsample.1", 1e-5);
                }
                x = l.relu(l.add(y, identity));
            }
        }
        return l.pool(x);
    }

    /** One stage of tf_efficientnet_b2: channels, repeats, kernel, stride, expansion. */
    record Stage(int out, int repeats, int kernel, int stride, int expansion) {}

    /** The B2 stages (official-code-facts.md §2). */
    static final List<Stage> B2_STAGES = List.of(
            new Stage(16, 2, 3, 1, 1),
            new Stage(24, 3, 3, 2, 6),
            new Stage(48, 3, 5, 2, 6),
            new Stage(88, 4, 3, 2, 6),
            new Stage(120, 4, 5, 1, 6),
            new Stage(208, 5, 5, 2, 6),
            new Stage(352, 2, 3, 1, 6));

    private static <T> T efficientNetB2(Layers<T> l, Layers.Act<T> x) {
        final double eps = 1e-3; // TF batch-norm epsilon
        String p = "backbone.";
        x = l.conv(x, p + "conv_stem", 32, 3, 2, Layers.Padding.TF_SAME, 1, false);
        x = l.silu(l.bn(x, p + "bn1", eps));
        for (int s = 0; s < B2_STAGES.size(); s++) {
            Stage st = B2_STAGES.get(s);
            for (int r = 0; r < st.repeats(); r++) {
                String n = p + "blocks." + s + "." + r;
                int stride = r == 0 ? st.stride() : 1;
                Layers.Padding pad = stride == 1 ? Layers.Padding.SYMMETRIC : Layers.Padding.TF_SAME;
                Layers.Act<T> in = x;
                int reduced = Math.max(1, (int) (in.c() * 0.25));
                Layers.Act<T> y;
                if (st.expansion() == 1) {
                    // depthwise-separable block: dw → BN → SiLU → SE → pw → BN
                    y = l.conv(in, n + ".conv_dw", in.c(), st.kernel(), stride, pad, in.c(), false);
                    y = l.silu(l.bn(y, n + ".bn1", eps));
                    y = l.squeezeExcite(y, n + ".se", reduced);
                    y = l.conv(y, n + ".conv_pw", st.out(), 1, 1, Layers.Padding.VALID, 1, false);
                    y = l.bn(y, n + ".bn2", eps);
                } else {
                    // inverted residual: pw expand → BN → SiLU → dw → BN → SiLU → SE → pw linear → BN
                    int mid = in.c() * st.expansion();
                    y = l.conv(in, n + ".conv_pw", mid, 1, 1, Layers.Padding.VALID, 1, false);
                    y = l.silu(l.bn(y, n + ".bn1", eps));
                    y = l.conv(y, n + ".conv_dw", mid, st.kernel(), stride, pad, mid, false);
                    y = l.silu(l.bn(y, n + ".bn2", eps));
                    y = l.squeezeExcite(y, n + ".se", reduced);
                    y = l.conv(y, n + ".conv_pwl", st.out(), 1, 1, Layers.Padding.VALID, 1, false);
                    y = l.bn(y, n + ".bn3", eps);
                }
                x = (stride == 1 && in.c() == st.out()) ? l.add(y, in) : y;
            }
        }
        x = l.conv(x, p + "conv_head", 1408, 1, 1, Layers.Padding.VALID, 1, false);
        x = l.silu(l.bn(x, p + "bn2", eps));
        return l.pool(x);
    }
}
