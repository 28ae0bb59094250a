package org.rmfer4j.facedetect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * The face detectors' weights from the npm package {@code @vladmandic/face-api} 1.7.15 (MIT licence; the licence is
 * kept beside the files in the jar, {@code org/rmfer4j/facedetect/face-api/LICENSE}). The toolkit ships the two
 * detectors' files as they are in the package ({@code package/model/}; {@code scripts/face-api-weights.sh} fetches the
 * package with {@code npm pack} and checks that the shipped files are byte-identical), so a fresh machine and every Spark
 * executor have them with no download. Every file's SHA-256 is checked before it is parsed; a folder given instead
 * (the same files from the user's own copy of the package) is held to the same checksums.
 */
public final class FaceApiWeights {
    /** The npm package the files come from. */
    public static final String PACKAGE = "@vladmandic/face-api@1.7.15";

    static final String RESOURCES = "/org/rmfer4j/facedetect/face-api/";
    private static final long MAX_SHARD_BYTES = 64L << 20;

    /** The two detector models of the package, with their files' SHA-256 as published in 1.7.15. */
    public enum Model {
        SSD_MOBILENET_V1(
                "ssd_mobilenetv1_model",
                "888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955",
                "2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8"),
        TINY_FACE_DETECTOR(
                "tiny_face_detector_model",
                "5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5",
                "b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871");

        private final String stem;
        private final String manifestSha256;
        private final String binSha256;

        Model(String stem, String manifestSha256, String binSha256) {
            this.stem = stem;
            this.manifestSha256 = manifestSha256;
            this.binSha256 = binSha256;
        }

        public String manifestFile() {
            return stem + "-weights_manifest.json";
        }

        public String binFile() {
            return stem + ".bin";
        }

        /** Provenance for an RMset index: package, files and the shard's checksum. */
        public String provenance() {
            return PACKAGE + " " + binFile() + " sha256:" + binSha256.substring(0, 16);
        }

        String expectedSha256(String file) {
            if (file.equals(manifestFile())) {
                return manifestSha256;
            }
            if (file.equals(binFile())) {
                return binSha256;
            }
            return null;
        }
    }

    private FaceApiWeights() {}

    /** The shipped weights of a model, checked. */
    public static Map<String, TfjsWeights.Tensor> load(Model model) {
        return load(model, null);
    }

    /**
     * A model's weights, from the jar or from {@code folder} (which must hold the package's two files of the model).
     */
    public static Map<String, TfjsWeights.Tensor> load(Model model, @Nullable Path folder) {
        Source src = folder == null ? new Resources() : new Folder(folder);
        byte[] manifest = checked(model, src, model.manifestFile());
        for (String shard : TfjsWeights.shardNames(model.manifestFile(), manifest)) {
            if (model.expectedSha256(shard) == null) {
                throw new RmferException(src.where(model.manifestFile()) + " names shard '" + shard + "'; the "
                        + PACKAGE + " manifest names only " + model.binFile());
            }
        }
        return TfjsWeights.read(src.where(model.manifestFile()), manifest, new TfjsWeights.Shards() {
            @Override
            public long size(String file) {
                return src.size(file);
            }

            @Override
            public byte[] read(String file) {
                return checked(model, src, file);
            }
        });
    }

    private static byte[] checked(Model model, Source src, String file) {
        long size = src.size(file);
        if (size < 0) {
            throw new RmferException("The face detector weights file " + src.where(file) + " is missing"
                    + (src instanceof Resources
                            ? " from the toolkit's jar (a broken build: rebuild with ./rmfer setup)"
                            : "; copy " + file + " from the npm package " + PACKAGE + " (npm pack " + PACKAGE
                                    + ", then package/model/) into that folder"));
        }
        if (size > MAX_SHARD_BYTES) {
            throw new RmferException(
                    src.where(file) + " is " + size + " bytes; the " + PACKAGE + " file is far smaller");
        }
        byte[] bytes = src.read(file);
        String sum = sha256(bytes);
        String expected = model.expectedSha256(file);
        if (!sum.equals(expected)) {
            throw new RmferException("The face detector weights file " + src.where(file) + " has SHA-256 " + sum
                    + ", not " + expected + " (the file of " + PACKAGE
                    + "): it is corrupt, truncated or from another version; replace it with the package's file");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Source {
        long size(String file);

        byte[] read(String file);

        String where(String file);
    }

    private static final class Resources implements Source {
        @Override
        public long size(String file) {
            try (InputStream in = FaceApiWeights.class.getResourceAsStream(RESOURCES + file)) {
                if (in == null) {
                    return -1;
                }
                long n = 0;
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) {
                    n += r;
                    if (n > MAX_SHARD_BYTES) {
                        break;
                    }
                }
                return n;
            } catch (IOException e) {
                throw new RmferException("Could not read " + where(file) + ": " + e.getMessage(), e);
            }
        }

        @Override
        public byte[] read(String file) {
            try (InputStream in = FaceApiWeights.class.getResourceAsStream(RESOURCES + file)) {
                if (in == null) {
                    throw new RmferException(where(file) + " is missing from the toolkit's jar");
                }
                return in.readNBytes((int) MAX_SHARD_BYTES);
            } catch (IOException e) {
                throw new RmferException("Could not read " + where(file) + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String where(String file) {
            return "jar:" + RESOURCES.substring(1) + file;
        }
    }

    private record Folder(Path dir) implements Source {
        @Override
        public long size(String file) {
            Path p = dir.resolve(file);
            try {
                return Files.isRegularFile(p) ? Files.size(p) : -1;
            } catch (IOException e) {
                throw new RmferException("Could not read " + p + ": " + e.getMessage(), e);
            }
        }

        @Override
        public byte[] read(String file) {
            try {
                return Files.readAllBytes(dir.resolve(file));
            } catch (IOException e) {
                throw new RmferException("Could not read " + dir.resolve(file) + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String where(String file) {
            return dir.resolve(file).toString();
        }
    }

    /** The model for a detector name ({@code ssd}, {@code tiny}). */
    public static @Nullable Model parse(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "ssd", "ssd-mobilenet-v1", "ssd_mobilenetv1" -> Model.SSD_MOBILENET_V1;
            case "tiny", "tiny-face-detector" -> Model.TINY_FACE_DETECTOR;
            default -> null;
        };
    }
}
