package org.rmfer4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.engine.samediff.SameDiffModel;
import org.rmfer4j.engine.samediff.SameDiffProfile;
import org.rmfer4j.engine.torch.TorchRuntime;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.TrainInput;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.synth.DetectionCheck;
import org.rmfer4j.synth.SynthMashup;

/**
 * The benchmark behind {@code ./rmfer bench}: every figure measured in one run, so ratios hold on a noisy machine.
 * Training images/s per engine, backbone and size (batch 32, Adam, L_pre with λ1 = 1), the Python PyTorch peer on the
 * same architecture, inference images/s, the cost of the ACL term, and native memory over many torch steps.
 */
public final class Bench {
    /**
     * @param engines   engines to time
     * @param backbones backbones to time
     * @param sizes     input sizes
     * @param batch     batch size
     * @param warmup    untimed steps first
     * @param steps     timed steps
     * @param samediffBackbones backbones timed on SameDiff (slow: the small CNN by default)
     * @param python    the interpreter for the PyTorch peer script, or null to skip it
     * @param peerScript the peer script
     */
    public record Options(
            List<Engine> engines,
            List<Backbone> backbones,
            List<Integer> sizes,
            int batch,
            int warmup,
            int steps,
            List<Backbone> samediffBackbones,
            String python,
            Path peerScript) {}

    private final Options o;
    private final Consumer<String> log;
    private final StringBuilder md = new StringBuilder();

    public Bench(Options o, Consumer<String> log) {
        this.o = o;
        this.log = log;
    }

    private static INDArray batch(int b, int s) {
        Nd4j.getRandom().setSeed(42);
        return Nd4j.randn(DataType.FLOAT, b, 3, s, s);
    }

    private static INDArray targets(int b) {
        INDArray t = Nd4j.zeros(DataType.FLOAT, b, 7);
        for (int i = 0; i < b; i++) {
            t.putScalar(i, i % 7, 1f);
        }
        return t;
    }

    /** Training images/s of one configuration. */
    public Measure train(Engine e, Backbone bb, int size, boolean withAcl) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optBackbone(bb)
                .optInputSize(size)
                .build();
        try (RmferModel m = RmferModel.create(c, e)) {
            INDArray x = batch(o.batch(), size);
            INDArray y = targets(o.batch());
            AclLayout layout =
                    AclLayout.of(new int[] {5, 5}, new int[] {5, 5}, 10); // 2 anchors x (1 + 5 + 5): 22 images
            TrainInput in = withAcl
                    ? new TrainInput(x, y, 1.0, batch(layout.rows(), size), layout, 1.0)
                    : TrainInput.pre(x, y, 1.0);
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < o.warmup() + o.steps(); i++) {
                long t0 = System.nanoTime();
                m.step(in, 1e-4);
                double dt = (System.nanoTime() - t0) / 1e9;
                if (i >= o.warmup()) {
                    rates.add(o.batch() / dt);
                }
            }
            return Measure.of(rates);
        }
    }

    /**
     * Profiles SameDiff training steps (L_pre, batch {@code o.batch()}): per op name, its calls and milliseconds per step
     * and its share of the measured step time, after {@code o.warmup()} steps, over {@code o.steps()} steps, with
     * OpenBLAS at {@code blasThreads}. Returns Markdown.
     */
    public String profileSameDiff(Backbone bb, int size, int blasThreads) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optBackbone(bb)
                .optInputSize(size)
                .build();
        StringBuilder md = new StringBuilder();
        try (SameDiffModel m = new SameDiffModel(c)) {
            m.withBlasThreads(blasThreads);
            INDArray x = batch(o.batch(), size);
            INDArray y = targets(o.batch());
            TrainInput in = TrainInput.pre(x, y, 1.0);
            for (int i = 0; i < o.warmup(); i++) {
                m.step(in, 1e-4);
            }
            SameDiffProfile profile = new SameDiffProfile();
            m.addListener(profile);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < o.steps(); i++) {
                long t0 = System.nanoTime();
                m.step(in, 1e-4);
                times.add((System.nanoTime() - t0) / 1e6);
            }
            double stepMs =
                    times.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            md.append(String.format(
                    Locale.ROOT,
                    "SameDiff, %s, %d px, batch %d, L_pre, Adam: mean step %.0f ms (%.1f img/s) with the "
                            + "profiler attached, over %d steps after %d warm-up; OpenBLAS %d thread(s).%n%n",
                    bb.name().toLowerCase(Locale.ROOT),
                    size,
                    o.batch(),
                    stepMs,
                    o.batch() / stepMs * 1000,
                    o.steps(),
                    o.warmup(),
                    SameDiffModel.blasThreads()));
            md.append(profile.table(12, o.steps(), stepMs));
        }
        return md.toString();
    }

    /** Inference images/s. */
    public Measure infer(Engine e, Backbone bb, int size) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optBackbone(bb)
                .optInputSize(size)
                .build();
        try (RmferModel m = RmferModel.create(c, e)) {
            INDArray x = batch(o.batch(), size);
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < o.warmup() + o.steps(); i++) {
                long t0 = System.nanoTime();
                m.predict(x);
                double dt = (System.nanoTime() - t0) / 1e9;
                if (i >= o.warmup()) {
                    rates.add(o.batch() / dt);
                }
            }
            return Measure.of(rates);
        }
    }

    /**
     * Runs the PyTorch peer; returns size → rates, or empty when it cannot run.
     *
     * @param glibcDefaults run it without the allocator settings of {@link TorchRuntime#MALLOC_ENV} (as
     *                      {@code python3 bench/pytorch_peer.py} runs from a plain shell) instead of inheriting this
     *                      process's environment (like for like)
     */
    public Map<Integer, Measure> peer(boolean glibcDefaults) {
        Map<Integer, Measure> out = new TreeMap<>();
        if (o.python() == null || !Files.isRegularFile(o.peerScript())) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of(
                o.python(),
                o.peerScript().toString(),
                "--batch",
                "" + o.batch(),
                "--warmup",
                "" + o.warmup(),
                "--steps",
                "" + o.steps(),
                "--sizes"));
        o.sizes().forEach(s -> cmd.add("" + s));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (glibcDefaults) {
                withoutAllocatorSettings(pb.environment());
            }
            Process p = pb.start();
            ObjectMapper json = new ObjectMapper();
            StringBuilder other = new StringBuilder();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("{")) {
                        JsonNode n = json.readTree(line);
                        List<Double> v = new ArrayList<>();
                        n.get("img_per_s").forEach(x -> v.add(x.asDouble()));
                        out.put(n.get("size").asInt(), Measure.of(v));
                        log.accept("  PyTorch " + n.get("torch").asText() + " (Python"
                                + (glibcDefaults ? ", glibc defaults" : "") + "), small CNN, "
                                + n.get("size").asInt() + " px: "
                                + Measure.of(v).format() + " img/s");
                    } else {
                        other.append(line).append('\n');
                    }
                }
            }
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                log.accept("  PyTorch peer failed: "
                        + other.toString().lines().reduce((a, b) -> b).orElse("?"));
            }
        } catch (Exception e) {
            log.accept("  PyTorch peer could not run: " + e.getMessage());
        }
        return out;
    }

    /** Native memory (JavaCPP physical bytes, MB) at step 10 and at the last of {@code steps} torch steps. */
    public double[] torchMemory(int steps) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optInputSize(64)
                .build();
        try (RmferModel m = RmferModel.create(c, Engine.TORCH)) {
            INDArray x = batch(o.batch(), 64);
            INDArray y = targets(o.batch());
            double at10 = 0;
            for (int i = 1; i <= steps; i++) {
                m.step(TrainInput.pre(x, y, 1.0), 1e-4);
                if (i == 10) {
                    at10 = Pointer.physicalBytes() / 1e6;
                }
            }
            return new double[] {at10, Pointer.physicalBytes() / 1e6};
        }
    }

    /** RMset construction against decoding, one input size: frames/s of each, as repeated measurements. */
    public record RmsetRates(
            Measure pipeline,
            Measure steady,
            Measure decodeOnly,
            Measure rawDecode,
            int frames,
            int crops,
            double idAccuracy) {
        /** Whole-video pipeline rate over decode-only. */
        public double ratio() {
            return pipeline.median() / decodeOnly.median();
        }

        /** Steady-state pipeline rate (after the first sampled frame) over decode-only. */
        public double steadyRatio() {
            return steady.median() / decodeOnly.median();
        }
    }

    /**
     * Seconds of the bench's SynthMashup. The per-video costs (opening, loading the cascades, the first frame's full
     * search: about 0.4 s at 720p) weigh on a short video; the paper's videos average 14,500 frames (8 minutes).
     */
    static final int RMSET_SECONDS = 60;
    /** Timed pipeline builds (after one warm-up build) and decode-only passes. */
    static final int RMSET_REPEATS = 3;

    /**
     * Builds an RMset from a {@value #RMSET_SECONDS} s SynthMashup (12 viewers) at every 5th frame with the default
     * pipeline, {@value #RMSET_REPEATS} times after a warm-up build (JIT, cascade loading), with a decode-only and a
     * raw-decode pass of the same file before each build. Files go under {@code tmp}, which the caller deletes at the
     * very end: on this machine's file system, creating files within half a minute of deleting thousands was ten times
     * slower (bench/NOTES.md), which would charge the pipeline for the bench's own clean-up.
     */
    private RmsetRates rmsetRates(int width, int height, FaceDetector.Spec detector, Path tmp) {
        // one video per size, shared by the detectors
        SynthMashup.Result v = benchVideos.computeIfAbsent(
                height,
                h -> SynthMashup.builder()
                        .setOut(tmp.resolve("videos"))
                        .optName("bench")
                        .optSize(width, height)
                        .optSeconds(RMSET_SECONDS)
                        .optSeed(1)
                        .build()
                        .write(s -> {}));
        List<Double> decode = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> pipeline = new ArrayList<>();
        List<Double> steady = new ArrayList<>();
        RmsetBuilder.Summary s = null;
        for (int i = 0; i <= RMSET_REPEATS; i++) { // build 0 and its decoding passes warm up and are not counted
            double d = decodeRate(v.video(), true);
            double r = decodeRate(v.video(), false);
            // steady state: from the second sampled frame's start to the last one's (per-video set-up and the first
            // frame's full search excluded)
            long[] hook = {-1, 0, 0, 0}; // first index, its time, last index, its time
            s = RmsetBuilder.builder()
                    .setVideos(v.video())
                    .setOut(tmp.resolve("rmset-" + detector.kind() + "-" + i))
                    .optDetector(detector)
                    .optEvery(5)
                    .optFrameHook(f -> {
                        if (f > 0 && hook[0] < 0) {
                            hook[0] = f;
                            hook[1] = System.nanoTime();
                        }
                        hook[2] = f;
                        hook[3] = System.nanoTime();
                    })
                    .build()
                    .build(l -> {});
            double p = s.decodedFrames() / s.seconds();
            double st = (hook[2] - hook[0]) / ((hook[3] - hook[1]) / 1e9);
            log.accept(String.format(
                    Locale.ROOT,
                    "    %dp %s build %d%s: %.1f frames/s, steady state %.1f (decode-only %.1f, raw decode %.1f)",
                    height,
                    detector.kind(),
                    i,
                    i == 0 ? " (warm-up)" : "",
                    p,
                    st,
                    d,
                    r));
            if (i > 0) {
                decode.add(d);
                raw.add(r);
                pipeline.add(p);
                steady.add(st);
            }
        }
        return new RmsetRates(
                Measure.of(pipeline),
                Measure.of(steady),
                Measure.of(decode),
                Measure.of(raw),
                (int) s.decodedFrames(),
                s.index().size(),
                DetectionCheck.idAccuracy(v, s.index()));
    }

    static final int DETECTOR_CALLS = 20;

    /** The bench's SynthMashup of each frame height, made once per run. */
    private final Map<Integer, SynthMashup.Result> benchVideos = new java.util.HashMap<>();

    /** A detector's images per second on the first frame of the bench's video at that size. */
    private static String detectorRate(FaceDetector.Spec spec, Path video) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
                FaceDetector d = spec.create()) {
            g.start();
            Mat frame = toMat.convert(g.grabImage()).clone();
            g.stop();
            for (int i = 0; i < 3; i++) {
                d.detect(frame);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < DETECTOR_CALLS; i++) {
                d.detect(frame);
            }
            double rate = DETECTOR_CALLS / ((System.nanoTime() - t0) / 1e9);
            frame.close();
            return String.format(Locale.ROOT, "%s %.1f images/s", spec.kind(), rate);
        } catch (FrameGrabber.Exception e) {
            throw new RmferException("bench: cannot decode " + video + ": " + e.getMessage(), e);
        }
    }

    private static double decodeRate(Path video, boolean toPixels) {
        long t0 = System.nanoTime();
        int n = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            while (g.grabFrame(false, true, toPixels, false, false) != null) {
                n++;
            }
            g.stop();
        } catch (FrameGrabber.Exception e) {
            throw new RmferException("bench: cannot decode " + video + ": " + e.getMessage(), e);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** The RMset construction section of the report (720p and 1080p against decode-only), as Markdown. */
    public String rmsetSection() {
        Path tmp = AtomicFiles.createTempDirectory("rmfer-bench");
        try {
            return rmsetSection(tmp);
        } finally {
            // once, at the end: see rmsetRates; a leftover temporary file is not worth failing a benchmark for
            AtomicFiles.deleteTreeQuietly(tmp);
        }
    }

    /** The detectors the RMset section measures: the default (SSD), the tiny CNN and the fast cascades. */
    static final List<FaceDetector.Spec> RMSET_DETECTORS =
            List.of(FaceDetector.Spec.CASCADE, FaceDetector.Spec.DEFAULT, new FaceDetector.Spec("tiny", null));

    private String rmsetSection(Path tmp) {
        StringBuilder md = new StringBuilder();
        md.append("## RMset construction (")
                .append(RMSET_SECONDS)
                .append(
                        " s SynthMashup, 12 viewers, detect every 5th frame, one video)\n\n| input | detector | pipeline "
                                + "frames/s, whole video | steady state | decode-only frames/s | ratio whole / steady "
                                + "| raw decode frames/s | crops | ID accuracy |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> images = new ArrayList<>();
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            for (FaceDetector.Spec detector : RMSET_DETECTORS) {
                if (size[1] == 720 && detector != FaceDetector.Spec.CASCADE) {
                    continue; // the CNNs scale every frame to their input: 1080p is their case
                }
                RmsetRates r = rmsetRates(size[0], size[1], detector, tmp.resolve(size[1] + "p"));
                String name = detector.kind()
                        + (detector.tracking() == null ? "" : " (tracking " + detector.tracking() + ")");
                // one set of values for the log line and the table row
                Object[] v = {
                    size[1],
                    name,
                    r.pipeline().format(),
                    r.steady().format(),
                    r.decodeOnly().format(),
                    r.ratio(),
                    r.steadyRatio(),
                    r.rawDecode().format(),
                    r.crops(),
                    r.idAccuracy()
                };
                log.accept(String.format(
                        Locale.ROOT,
                        "  RMset construction (%dp, %s, detect every 5th frame): %s frames/s, steady state %s; "
                                + "decode-only %s; ratio %.2f (steady %.2f); raw decode %s; %d crops, ID accuracy %.4f",
                        v));
                md.append(
                        String.format(Locale.ROOT, "| %dp | %s | %s | %s | %s | %.2f / %.2f | %s | %d | %.4f |%n", v));
                if (size[1] == 1080) {
                    images.add(detectorRate(detector, benchVideos.get(1080).video()));
                }
            }
        }
        md.append("\nDetector alone on a 1080p frame of the bench's video (whole-frame search, after 3 warm-up calls, ")
                .append(DETECTOR_CALLS)
                .append(" calls): ")
                .append(String.join("; ", images))
                .append(".\n");
        md.append("\nMedian (min–max) of ")
                .append(RMSET_REPEATS)
                .append(
                        " builds after a warm-up build, and of as many decoding passes "
                                + "interleaved with them (one each before every build). Whole video: decoded frames over the build's wall time, per-video "
                                + "set-up included (opening, loading the cascades, the first frame's full search, writing the index). Steady state: from "
                                + "the second sampled frame to the last, the rate a long video runs at (the paper's average 14,500 frames). Decode-only: every frame decoded and converted to BGR pixels (JavaCV's plain loop, FFmpeg's "
                                + "default threads); raw decode: no pixel conversion. The pipeline decodes on its own thread, converts only the frames it "
                                + "samples, searches near each face's last-seen box first (`--search last-seen`), and encodes and writes crops on a "
                                + "thread of its own. ID accuracy: the share of crops whose face ID maps to the right viewer (ground truth).\n");
        return md.toString();
    }

    /** Alternating rounds of the PyTorch peer and the torch small CNN. */
    static final int PEER_ROUNDS = 4;

    /** Runs everything and returns the Markdown report. */
    public String run() {
        Nd4jSupport.init();
        TorchRuntime.Setup setup = TorchRuntime.init();
        String machine = machine();
        md.append("# rmfer4j benchmark\n\n")
                .append("Measured by `./rmfer bench` in one process on ")
                .append(LocalDate.now())
                .append(".\n\n")
                .append(machine)
                .append("\n\n- ")
                .append(setup)
                .append("\n- ND4J: ")
                .append(Nd4jSupport.backendInfo())
                .append("\n- batch ")
                .append(o.batch())
                .append(", Adam, L_pre (λ1 = 1); ")
                .append(o.warmup())
                .append(" warm-up steps, ")
                .append(o.steps())
                .append(" timed; median (min–max) images/s\n\n");
        log.accept(machine.replace('\n', ' '));
        log.accept(setup.toString());
        // First, while the process is fresh: resident memory over many torch steps (a leak would show as growth).
        double[] mem = torchMemory(150);
        log.accept(String.format(
                Locale.ROOT, "  process RSS: %.0f MB after 10 torch steps, %.0f MB after 150", mem[0], mem[1]));
        // The ratio to PyTorch is the goal, so its sides are measured in alternating rounds (the peer, then torch, at
        // every size), and each side's timed steps are pooled: one run of each had swung the ratio by ±10% on this
        // noisy 2-core machine, where alternating rounds share its slow and fast spells. The peer runs twice a round:
        // under this process's allocator settings (engine against engine) and, when those are tuned, without them
        // (the script as a plain shell runs it), since the settings speed PyTorch up as much as the toolkit.
        // Each side's measures per size, one per round: pooled for the table, paired round by round below it.
        Map<Integer, List<Measure>> peerRounds = new TreeMap<>();
        Map<Integer, List<Measure>> plainPeerRounds = new TreeMap<>();
        Map<Integer, List<Measure>> torchRounds = new TreeMap<>();
        boolean torchSmall = o.engines().contains(Engine.TORCH) && o.backbones().contains(Backbone.SMALL_CNN);
        for (int round = 1; round <= PEER_ROUNDS; round++) {
            log.accept("  PyTorch comparison, round " + round + " of " + PEER_ROUNDS);
            addRound(peer(false), peerRounds);
            if (peerRounds.isEmpty() || !torchSmall) {
                break; // no peer: the torch rows are measured once below like the others
            }
            if (setup.mallocTuned()) {
                addRound(peer(true), plainPeerRounds);
            }
            for (int size : o.sizes()) {
                Measure m = train(Engine.TORCH, Backbone.SMALL_CNN, size, false);
                log.accept(String.format(
                        Locale.ROOT, "  torch small-cnn %d px, round %d: %s img/s", size, round, m.format()));
                addRound(Map.of(size, m), torchRounds);
            }
        }
        Map<Integer, Measure> peer = pooled(peerRounds);
        Map<Integer, Measure> plainPeer = pooled(plainPeerRounds);
        Map<Integer, Measure> torchPooled = pooled(torchRounds);
        md.append(
                "## Training\n\n| engine | backbone | size | img/s | vs PyTorch (Python), same allocator settings | vs PyTorch (Python), glibc defaults |\n"
                        + "|---|---|---|---|---|---|\n");
        peer.forEach((s, m) -> md.append("| PyTorch (Python) | small-cnn | ")
                .append(s)
                .append(" | ")
                .append(m.format())
                .append(" | 1.00 | ")
                .append(ratio(m, plainPeer.get(s)))
                .append(" |\n"));
        plainPeer.forEach((s, m) -> md.append("| PyTorch (Python), glibc defaults | small-cnn | ")
                .append(s)
                .append(" | ")
                .append(m.format())
                .append(" | ")
                .append(ratio(m, peer.get(s)))
                .append(" | 1.00 |\n"));
        Map<String, Measure> smallCnn = new HashMap<>();
        for (Engine e : o.engines()) {
            for (Backbone bb : o.backbones()) {
                if (e == Engine.SAMEDIFF && !o.samediffBackbones().contains(bb)) {
                    continue;
                }
                for (int s : o.sizes()) {
                    boolean pooled = e == Engine.TORCH && bb == Backbone.SMALL_CNN && torchPooled.containsKey(s);
                    Measure m = pooled ? torchPooled.get(s) : train(e, bb, s, false);
                    String ratio = bb == Backbone.SMALL_CNN ? ratio(m, peer.get(s)) : "–";
                    String plainRatio = bb == Backbone.SMALL_CNN ? ratio(m, plainPeer.get(s)) : "–";
                    if (bb == Backbone.SMALL_CNN) {
                        smallCnn.put(e + "/" + s, m);
                    }
                    log.accept(String.format(
                            Locale.ROOT, "  %s %s %d px: %s img/s (vs Python %s)", e, bb, s, m.format(), ratio));
                    md.append("| ")
                            .append(e.name().toLowerCase(Locale.ROOT))
                            .append(" | ")
                            .append(bb.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                            .append(" | ")
                            .append(s)
                            .append(" | ")
                            .append(m.format())
                            .append(" | ")
                            .append(ratio)
                            .append(" | ")
                            .append(plainRatio)
                            .append(" |\n");
                }
            }
        }
        if (!torchRounds.isEmpty()) {
            md.append("\nPyTorch (Python) and torch small-cnn: ")
                    .append(PEER_ROUNDS)
                    .append(" alternating rounds (the peer")
                    .append(
                            plainPeer.isEmpty()
                                    ? ""
                                    : " under this process's allocator settings, the peer under glibc's defaults")
                    .append(", then torch at each size), each of ")
                    .append(o.warmup())
                    .append(" warm-up and ")
                    .append(o.steps())
                    .append(
                            " timed steps; the median and range are over all the rounds' timed steps. \"Same allocator settings\": the "
                                    + "peer inherits the launcher's `MALLOC_*` settings, engine against engine. \"glibc defaults\": the peer "
                                    + "as `python3 bench/pytorch_peer.py` runs from a plain shell, the toolkit as `./rmfer` runs it.\n");
            md.append(
                    "\nRound by round (each round's torch median over its peer's; the rounds' sides share the machine's slow and fast "
                            + "spells, so this paired estimate is steadier than the pooled one):\n\n");
            torchRounds.forEach((size, t) -> {
                md.append(roundLine(size, "same allocator settings", t, peerRounds.get(size)));
                md.append(roundLine(size, "glibc defaults", t, plainPeerRounds.get(size)));
            });
        }
        if (peer.isEmpty()) {
            md.append("\nThe PyTorch peer did not run (install Debian's python3-torch to include it).\n");
        }
        md.append("\n### torch over SameDiff (small CNN)\n\n");
        for (int s : o.sizes()) {
            Measure t = smallCnn.get(Engine.TORCH + "/" + s);
            Measure d = smallCnn.get(Engine.SAMEDIFF + "/" + s);
            if (t != null && d != null) {
                md.append(String.format(Locale.ROOT, "- %d px: %.1f×%n", s, t.median() / d.median()));
            }
        }
        md.append("\n## Inference (small CNN)\n\n| engine | size | img/s |\n|---|---|---|\n");
        for (Engine e : o.engines()) {
            for (int s : o.sizes()) {
                Measure m = infer(e, Backbone.SMALL_CNN, s);
                log.accept(String.format(Locale.ROOT, "  inference %s %d px: %s img/s", e, s, m.format()));
                md.append("| ")
                        .append(e.name().toLowerCase(Locale.ROOT))
                        .append(" | ")
                        .append(s)
                        .append(" | ")
                        .append(m.format())
                        .append(" |\n");
            }
        }
        md.append("\n## Share of a step spent on the RMFER terms (torch, small CNN, 64 px)\n\n");
        Measure plain = train(Engine.TORCH, Backbone.SMALL_CNN, 64, false);
        Measure acl = train(Engine.TORCH, Backbone.SMALL_CNN, 64, true);
        double tPlain = o.batch() / plain.median();
        double tAcl = o.batch() / acl.median();
        md.append(String.format(
                Locale.ROOT,
                "- L_pre step (CE + IAL): %.3f s; with an ACL part of 2 anchors × (1 + 5 + 5) images: %.3f s; "
                        + "the ACL part costs %.0f%% of the step (almost all of it the extra 22 images through the backbone; the loss itself is a few "
                        + "small matrix products)%n",
                tPlain,
                tAcl,
                100 * (tAcl - tPlain) / tAcl));
        md.append(String.format(
                Locale.ROOT,
                "%n## Memory (torch, small CNN, 64 px, PointerScope per step)%n%n- process resident memory "
                        + "%.0f MB after 10 steps, %.0f MB after 150 steps (measured first, in a fresh process)%n",
                mem[0],
                mem[1]));
        md.append("\n").append(rmsetSection());
        return md.toString();
    }

    /** Removes the launcher's allocator settings ({@link TorchRuntime#MALLOC_ENV}) from a child's environment. */
    static void withoutAllocatorSettings(Map<String, String> env) {
        TorchRuntime.MALLOC_ENV.forEach(env::remove);
    }

    /** Adds this round's measure of each size to its list. */
    private static void addRound(Map<Integer, Measure> measured, Map<Integer, List<Measure>> rounds) {
        measured.forEach((size, m) ->
                rounds.computeIfAbsent(size, k -> new ArrayList<>()).add(m));
    }

    /** Every round's timed steps of each size as one measure. */
    private static Map<Integer, Measure> pooled(Map<Integer, List<Measure>> rounds) {
        Map<Integer, Measure> out = new TreeMap<>();
        rounds.forEach((size, ms) -> out.put(
                size,
                new Measure(ms.stream()
                        .flatMapToDouble(m -> Arrays.stream(m.values()))
                        .toArray())));
        return out;
    }

    /** Round i's {@code num} over round i's {@code den}, for the rounds both sides ran. */
    static Measure roundRatios(List<Double> num, List<Double> den) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < Math.min(num.size(), den.size()); i++) {
            r.add(num.get(i) / den.get(i));
        }
        return Measure.of(r);
    }

    private static String roundLine(int size, String peerKind, List<Measure> torch, @Nullable List<Measure> peer) {
        if (peer == null) {
            return "";
        }
        Measure r = roundRatios(
                torch.stream().map(Measure::median).toList(),
                peer.stream().map(Measure::median).toList());
        StringBuilder line =
                new StringBuilder(String.format(Locale.ROOT, "- %d px, vs the peer under %s: ", size, peerKind));
        for (double v : r.values()) {
            line.append(String.format(Locale.ROOT, "%.2f ", v));
        }
        return line.append(String.format(Locale.ROOT, "(median %.2f)%n", r.median()))
                .toString();
    }

    /** {@code m} over {@code base} (medians), or "–" without a base. */
    private static String ratio(Measure m, @Nullable Measure base) {
        return base == null ? "–" : String.format(Locale.ROOT, "%.2f", m.median() / base.median());
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (Exception ignored) {
            // not Linux
        }
        return String.format(
                Locale.ROOT,
                "- machine: %s, %d cores, %d GiB max heap, Java %s, %s %s",
                cpu,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 30,
                System.getProperty("java.version"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }
}
