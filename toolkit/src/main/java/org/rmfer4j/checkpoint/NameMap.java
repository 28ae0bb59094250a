package org.rmfer4j.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.model.Backbone;

/**
 * The names a checkpoint's tensors carry, mapped onto the toolkit's. The toolkit names its backbones' parameters as
 * torchvision (ResNet-18: {@code conv1}, {@code bn1}, {@code layer1.0.conv1}, ..., {@code downsample.0}) and timm
 * ({@code tf_efficientnet_b2_ns}: {@code conv_stem}, {@code blocks.s.r.conv_dw}, {@code se.conv_reduce}, ...) do, under
 * {@code backbone.}; so a map is a prefix, the classifier ({@code fc} / {@code classifier}) becoming f^FER, and for the
 * official repository's split files the {@code nn.Sequential} indices of timm's children.
 */
public enum NameMap {
    /** torchvision {@code resnet18}: {@code fc} is the classifier. */
    TORCHVISION_RESNET18(Backbone.RESNET18, "fc"),
    /** timm {@code tf_efficientnet_b2_ns} (HSEmotion's {@code enet_b2_*.pt}): {@code classifier}. */
    TIMM_EFFICIENTNET_B2(Backbone.EFFICIENTNET_B2, "classifier"),
    /**
     * The official repository's {@code enet_b2_backbone_*.pth}: {@code nn.Sequential(*list(model.children())[:-1])},
     * so {@code 0} is conv_stem, {@code 1} bn1, {@code 3} blocks, {@code 4} conv_head, {@code 5} bn2 (2 and 6 are
     * activations, 7 the pool: no tensors).
     */
    OFFICIAL_B2_BACKBONE(Backbone.EFFICIENTNET_B2, null),
    /** The official {@code enet_b2_classifier_*.pth}: one {@code nn.Linear(1408, C)}, {@code weight} and {@code bias}. */
    CLASSIFIER_ONLY(null, ""),
    /** A file the toolkit wrote itself (names already canonical). */
    TOOLKIT(null, null);

    private final Backbone backbone;
    private final String classifier;

    NameMap(Backbone backbone, String classifier) {
        this.backbone = backbone;
        this.classifier = classifier;
    }

    /** The backbone this layout belongs to (null for a classifier alone or the toolkit's own files). */
    public Backbone backbone() {
        return backbone;
    }

    private static final Map<String, String> OFFICIAL_INDEX =
            Map.of("0", "conv_stem", "1", "bn1", "3", "blocks", "4", "conv_head", "5", "bn2");

    /** Recognises a layout from its tensor names (a {@code module.} prefix of DataParallel already removed). */
    public static NameMap detect(Map<String, INDArray> tensors, String where) {
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith("backbone.")) && tensors.containsKey("fer.weight")) {
            return TOOLKIT;
        }
        if (tensors.containsKey("conv1.weight") && tensors.containsKey("layer1.0.conv1.weight")) {
            return TORCHVISION_RESNET18;
        }
        if (tensors.containsKey("conv_stem.weight")) {
            return TIMM_EFFICIENTNET_B2;
        }
        if (tensors.containsKey("0.weight") && tensors.keySet().stream().anyMatch(k -> k.startsWith("3.0.0."))) {
            return OFFICIAL_B2_BACKBONE;
        }
        if (tensors.keySet().equals(Set.of("weight", "bias"))
                && tensors.get("weight").rank() == 2) {
            return CLASSIFIER_ONLY;
        }
        throw new RmferException(
                where + ": tensor names " + tensors.keySet().stream().limit(6).toList() + "... match no known layout "
                        + "(torchvision ResNet-18, timm tf_efficientnet_b2_ns, the official split backbone or classifier)");
    }

    /** Strips DataParallel's {@code module.} prefix when every name carries it. */
    public static Map<String, INDArray> withoutDataParallelPrefix(Map<String, INDArray> tensors) {
        if (!tensors.isEmpty() && tensors.keySet().stream().allMatch(k -> k.startsWith("module."))) {
            Map<String, INDArray> out = new LinkedHashMap<>();
            tensors.forEach((k, v) -> out.put(k.substring("module.".length()), v));
            return out;
        }
        return tensors;
    }

    /**
     * The toolkit's name for one of this layout's tensors: {@code fer.weight}, {@code backbone.<name>}, or null for a
     * tensor the toolkit does not keep (batch norm's {@code num_batches_tracked}).
     */
    public String toolkitName(String name) {
        if (name.endsWith("num_batches_tracked")) {
            return null;
        }
        switch (this) {
            case TOOLKIT:
                return name;
            case CLASSIFIER_ONLY:
                return "fer." + name;
            case OFFICIAL_B2_BACKBONE: {
                int dot = name.indexOf('.');
                String head = dot < 0 ? name : name.substring(0, dot);
                String mapped = OFFICIAL_INDEX.get(head);
                if (mapped == null) {
                    throw new RmferException("tensor " + name + " of an official split backbone: child " + head
                            + " holds no parameters in timm's EfficientNet-B2");
                }
                return "backbone." + mapped + name.substring(head.length());
            }
            default:
                if (name.startsWith(classifier + ".")) {
                    return "fer" + name.substring(classifier.length());
                }
                return "backbone." + name;
        }
    }

    /** Every tensor under its toolkit name (dropped ones left out), in file order. */
    public Map<String, INDArray> apply(Map<String, INDArray> tensors) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            String n = toolkitName(k);
            if (n != null) {
                if (out.put(n, v) != null) {
                    throw new RmferException("two tensors map to " + n);
                }
            }
        });
        return out;
    }

    /** Parses a CLI value: resnet18 / torchvision, efficientnet-b2 / timm, official-backbone, classifier, toolkit. */
    public static NameMap parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "torchvision", "torchvision-resnet18", "resnet18" -> TORCHVISION_RESNET18;
            case "timm", "timm-efficientnet-b2", "efficientnet-b2" -> TIMM_EFFICIENTNET_B2;
            case "official-backbone", "official-b2-backbone" -> OFFICIAL_B2_BACKBONE;
            case "classifier" -> CLASSIFIER_ONLY;
            case "toolkit" -> TOOLKIT;
            default ->
                throw new RmferException("Unknown layout '" + s + "'; expected "
                        + List.of("torchvision", "timm", "official-backbone", "classifier", "toolkit"));
        };
    }
}
