package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rmfer4j.core.Locations;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.facedetect.PhotoCheck;
import org.rmfer4j.rmset.CascadeFaceDetector;
import org.rmfer4j.rmset.CropLayout;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.IdRule;
import org.rmfer4j.rmset.IouTracker;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RemovalSuggestion;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.rmset.RmsetEngine;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.rmset.RmsetStats;
import org.rmfer4j.rmset.TrackingSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rmfer rmset build|stats}. */
@Command(
        name = "rmset",
        mixinStandardHelpOptions = true,
        description = "Build an RMset from reaction-mashup videos; show its coverage.",
        subcommands = {
            RmsetCommand.Build.class,
            RmsetCommand.Stats.class,
            RmsetCommand.SuggestRemoval.class,
            RmsetCommand.Detectors.class
        })
final class RmsetCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description =
                    "Removal area, detection, ID assignment, IoU tracking and the 0.31·w_f crop, for every video; resumable.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--videos", required = true, paramLabel = "DIR|FILE")
        Path videos;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(
                names = "--removal",
                paramLabel = "FILE",
                description = "CSV video,x,y,w,h of areas to blank (the trigger film).")
        Path removal;

        @Option(
                names = "--manual",
                paramLabel = "FILE",
                description = "CSV video,x,y,w,h of first-frame faces the detector missed.")
        Path manual;

        @Option(
                names = "--every",
                defaultValue = "1",
                description = "Process every k-th frame (default ${DEFAULT-VALUE}).")
        int every;

        @Option(names = "--threads", defaultValue = "1", description = "Videos in parallel (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(
                names = "--track",
                defaultValue = "first",
                description = "first (the paper: first-frame boxes) or last (last seen box).")
        String track;

        @Option(names = "--crop-size", defaultValue = "112")
        int cropSize;

        @Option(
                names = "--search",
                defaultValue = "last-seen",
                description =
                        "Where frames after the first are searched: last-seen "
                                + "(default: near each ID's last-seen face first, then around its box), around (around each ID's box, at 0.6-1.6x its "
                                + "size) or full (the whole frame at every size: the paper's literal procedure, slowest). IDs follow the same IoU rule.")
        String search;

        @Option(names = "--full-frame", description = "Same as --search full.")
        boolean fullFrame;

        @Option(
                names = "--detector",
                paramLabel = "NAME",
                description =
                        "Face detector: ssd (default: face-api's SSD-MobileNet-v1, shipped), tiny (face-api's tiny "
                                + "detector, ~4x faster, misses more), haar-alt2, haar, lbp (OpenCV's cascades: fastest, many false "
                                + "faces on real footage) or yunet (needs --yunet-model).")
        String detector;

        @Option(
                names = "--detector-weights",
                paramLabel = "DIR",
                description = "For ssd/tiny: a folder with the model's two files from your own copy of the npm package "
                        + "@vladmandic/face-api 1.7.15 (checked against the same SHA-256); default: the shipped files.")
        Path detectorWeights;

        @Option(
                names = "--ids",
                paramLabel = "RULE",
                description =
                        "Which first-frame faces become IDs: confirmed (default: score >= 0.5 and found again in 3 "
                                + "of the first 5 sampled frames), confirmed:N/K[:SCORE], or first (the paper: every first-frame detection).")
        String ids;

        @Option(
                names = "--crops",
                defaultValue = "files",
                paramLabel = "LAYOUT",
                description = "files (default: one JPEG per face) or tar (one POSIX tar of the same JPEGs per video, "
                        + "<video>/crops.tar: for large sets; the trainer and 'rmset stats' read both).")
        String crops;

        @Option(
                names = "--track-detector",
                defaultValue = "auto",
                description =
                        "Cascade searching around known faces after the first "
                                + "frame: lbp, haar, haar-alt2, same (the --detector), or auto (default: lbp for cascades, same for yunet).")
        String trackDetector;

        @Option(
                names = "--yunet-model",
                paramLabel = "FILE",
                description = "YuNet ONNX file you downloaded (face_detection_yunet_2022mar.onnx).")
        Path yunetModel;

        @Option(
                names = "--allow-truncated",
                description = "Keep the frames of a video that ends before its container's frame count "
                        + "(by default such a video fails as truncated).")
        boolean allowTruncated;

        @Option(
                names = "--engine",
                defaultValue = "local",
                description = "local (this JVM, --threads videos at a time) or spark.")
        String engine;

        @Option(
                names = "--master",
                defaultValue = "local[2]",
                description = "Spark master for --engine spark (default ${DEFAULT-VALUE}).")
        String master;

        @Option(
                names = "--segment-frames",
                defaultValue = "0",
                paramLabel = "N",
                description = "With --engine spark: split videos longer than N frames into segments of N frames, "
                        + "each a task (IDs from the video's first frames; each segment's tracker restarts around "
                        + "them); 0 (default): one task per video.")
        int segmentFrames;

        private TrackingSearch trackingSearch() {
            return fullFrame ? TrackingSearch.FULL_FRAME : TrackingSearch.parse(search);
        }

        @Override
        public Integer call() {
            String kind = detector == null ? FaceDetector.Spec.DEFAULT.kind() : detector;
            Path model = yunetModel != null ? yunetModel : detectorWeights;
            FaceDetector.Spec spec =
                    new FaceDetector.Spec(kind, model == null ? null : model.toString(), trackDetector);
            IdRule idRule = ids == null ? IdRule.CONFIRMED : IdRule.parse(ids);
            if (segmentFrames < 0) {
                throw new RmferException("--segment-frames must be >= 0, got " + segmentFrames);
            }
            if (engine.equals("local") && !Locations.isLocal(out)) {
                throw new RmferException("--out " + out + " is not a local path: the local engine writes to this "
                        + "machine's file system; build onto a Hadoop-compatible file system with --engine spark");
            }
            for (Path in : new Path[] {videos, removal, manual}) {
                if (in != null && !Locations.isLocal(in)) {
                    throw new RmferException(in + ": videos and their CSV files are read by FFmpeg and the builder from"
                            + " a local path (on a cluster: one every executor sees); only --out may be a URI");
                }
            }
            if (segmentFrames > 0 && engine.equals("local")) {
                throw new RmferException("--segment-frames splits videos into Spark tasks: add --engine spark "
                        + "(the local engine builds whole videos, --threads at a time)");
            }
            if (!engine.equals("local")) {
                String line = RmsetEngine.named(engine)
                        .build(
                                new RmsetEngine.Request(
                                        videos,
                                        out,
                                        every,
                                        removal,
                                        manual,
                                        track,
                                        cropSize,
                                        trackingSearch(),
                                        master,
                                        spec,
                                        idRule,
                                        CropLayout.parse(crops),
                                        segmentFrames),
                                System.out::println);
                System.out.println(line);
                System.out.println("index: " + out.resolve("index.csv"));
                return 0;
            }
            RmsetBuilder.Summary s = RmsetBuilder.builder()
                    .setVideos(videos)
                    .setOut(out)
                    .optRemoval(removal == null ? RemovalAreas.none() : RemovalAreas.read(removal))
                    .optManual(manual == null ? RemovalAreas.none() : RemovalAreas.read(manual))
                    .optEvery(every)
                    .optThreads(threads)
                    .optTrackMode(IouTracker.Mode.parse(track))
                    .optCropSize(cropSize)
                    .optTrackingSearch(trackingSearch())
                    .optDetector(spec)
                    .optIdRule(idRule)
                    .optCropLayout(CropLayout.parse(crops))
                    .optAllowTruncated(allowTruncated)
                    .build()
                    .build(System.out::println);
            System.out.println(s.headline());
            System.out.println("index: " + out.resolve("index.csv"));
            return s.failed() == 0 ? 0 : 1;
        }
    }

    @Command(
            name = "detectors",
            mixinStandardHelpOptions = true,
            description = "Face detectors against hand-counted faces on your photos: recall, false faces and time per "
                    + "photo, each detector on the same photos.")
    static final class Detectors implements Runnable {
        @Option(
                names = "--photos",
                required = true,
                paramLabel = "DIR",
                description = "A folder of photos with faces.csv (photo,cx,cy,w,h: one row per real face, its centre "
                        + "and size in pixels).")
        Path photos;

        @Option(
                names = "--detectors",
                defaultValue = "ssd,tiny,haar-alt2,haar,lbp",
                split = ",",
                description = "Detectors to compare (default ${DEFAULT-VALUE}).")
        List<String> detectors;

        @Override
        public void run() {
            List<PhotoCheck.Face> faces = PhotoCheck.readFaces(photos.resolve("faces.csv"));
            System.out.println(faces.size() + " counted faces in "
                    + faces.stream().map(PhotoCheck.Face::photo).distinct().count() + " photos of " + photos);
            for (String d : detectors) {
                FaceDetector.Spec spec = new FaceDetector.Spec(d, null, "same");
                try (FaceDetector detector = spec.create()) {
                    PhotoCheck.run(d, detector, photos, faces); // warm-up: loading, JIT, the engine's first call
                    System.out.println(
                            PhotoCheck.run(d, detector, photos, faces).line());
                }
            }
        }
    }

    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description = "Per-video and per-ID coverage of an RMset index.")
    static final class Stats implements Runnable {
        @Option(
                names = "--root",
                required = true,
                paramLabel = "DIR",
                description = "The RMset folder (holding index.csv).")
        Path root;

        @Override
        public void run() {
            RmsetIndex index = RmsetIndex.read(root);
            System.out.println(RmsetStats.perVideo(index).printAll());
            System.out.println(RmsetStats.perId(index).printAll());
        }
    }

    @Command(
            name = "suggest-removal",
            mixinStandardHelpOptions = true,
            description =
                    "Suggest each video's removal area (the region that changes most, holding no stable face) with a preview PNG.")
    static final class SuggestRemoval implements Runnable {
        @Option(names = "--videos", required = true, paramLabel = "DIR|FILE")
        Path videos;

        @Option(
                names = "--out",
                defaultValue = "removal.suggested.csv",
                description = "CSV to write (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public void run() {
            List<Path> files = RmsetBuilder.listVideos(videos);
            List<RemovalSuggestion.Suggestion> s = new ArrayList<>();
            try (CascadeFaceDetector d = new CascadeFaceDetector()) {
                for (Path f : files) {
                    var one = RemovalSuggestion.suggest(f, d, 40, 5);
                    System.out.println("SUGGESTED " + one.video() + ": " + one.area() + " (check " + one.video()
                            + ".removal-preview.png)");
                    s.add(one);
                }
            }
            RemovalSuggestion.write(s, out);
            System.out.println(
                    "wrote " + out + " — a suggestion: check the previews, correct it, then pass it with --removal");
        }
    }
}
