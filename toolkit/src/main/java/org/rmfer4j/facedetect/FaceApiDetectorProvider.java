package org.rmfer4j.facedetect;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.FaceDetectorProvider;

/** Registers the face-api CNN detectors with the RMset pipeline: {@code --detector ssd} and {@code --detector tiny}. */
public final class FaceApiDetectorProvider implements FaceDetectorProvider {
    @Override
    public List<String> kinds() {
        return List.of("ssd", "tiny");
    }

    @Override
    public FaceDetector create(FaceDetector.Spec spec) {
        return new CnnFaceDetector(model(spec), weights(spec), CnnFaceDetector.defaultMinScore(model(spec)));
    }

    @Override
    public String describe(FaceDetector.Spec spec) {
        FaceApiWeights.Model m = model(spec);
        FaceApiWeights.load(m, weights(spec)); // checks the files (checksums, tensors) before any video is read
        return (m == FaceApiWeights.Model.SSD_MOBILENET_V1 ? "SSD-MobileNet-v1" : "tiny face detector") + " ("
                + m.provenance() + (spec.model() == null ? ", shipped" : ", from " + spec.model()) + ", min score "
                + CnnFaceDetector.defaultMinScore(m) + ")";
    }

    private static FaceApiWeights.Model model(FaceDetector.Spec spec) {
        FaceApiWeights.Model m = FaceApiWeights.parse(spec.kind());
        if (m == null) {
            throw new RmferException("Not a face-api detector: " + spec.kind());
        }
        return m;
    }

    private static @Nullable Path weights(FaceDetector.Spec spec) {
        return spec.model() == null || spec.model().isBlank() ? null : Path.of(spec.model());
    }
}
