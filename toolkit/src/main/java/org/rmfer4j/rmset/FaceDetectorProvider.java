package org.rmfer4j.rmset;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Face detectors of features above the RMset pipeline (the CNN detectors of {@code facedetect}, which run on the torch
 * engine), registered through {@link ServiceLoader} so that this package never imports them.
 */
public interface FaceDetectorProvider {
    /** The {@code --detector} names this provider builds, lower case. */
    List<String> kinds();

    /** A new detector for a spec whose kind is one of {@link #kinds()}. */
    FaceDetector create(FaceDetector.Spec spec);

    /**
     * What the detector of a spec is, for the RMset index's provenance: network, weights and their checksum. Called
     * before the build, so it also checks that the weights are there.
     */
    String describe(FaceDetector.Spec spec);

    /** The registered providers. */
    static Stream<FaceDetectorProvider> all() {
        return ServiceLoader.load(FaceDetectorProvider.class, FaceDetectorProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get);
    }

    /** The provider of a detector name, if any. */
    static Optional<FaceDetectorProvider> of(String kind) {
        return all().filter(p -> p.kinds().contains(kind)).findFirst();
    }

    /** Every registered name (for error messages and help). */
    static List<String> registeredKinds() {
        return all().flatMap(p -> p.kinds().stream()).toList();
    }
}
