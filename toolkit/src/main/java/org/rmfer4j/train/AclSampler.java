package org.rmfer4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * Draws ACL's candidate sets from an RMset index (paper Sec. 4.2, Fig. 1; official {@code datasets/contrastive/total.py}):
 * an anchor face (video, ID, frame T), positive candidates — <em>other</em> people near T — and negative candidates —
 * the <em>same</em> person far from T. Frame numbers are the index's (subsampled) units.
 *
 * <ul>
 *   <li>Positive window, {@link Window#OFFICIAL} (default): R = ⌈(n / faces − 1) / 2⌉ + 1, frames in the half-open
 *       [T − R, T + R); {@link Window#PAPER}: frames in [T − d, T + d], d = 5.</li>
 *   <li>Positives drawn without replacement, negatives with replacement (as the official code).</li>
 *   <li>Negatives: frames ≤ T − d′ or &gt; T + d′ (d′ = 30; the official code's ≤ / &gt; boundaries).</li>
 *   <li>Anchor frame uniform in [31, frames − 31] as in the code; an anchor without enough positive candidates, or a
 *       missing anchor face, is redrawn, at most {@code maxAttempts} times; shortfalls are counted, never a crash.</li>
 * </ul>
 */
public final class AclSampler {
    /** The positive-window rule. */
    public enum Window {
        OFFICIAL,
        PAPER;

        public static Window parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RmferException("Unknown window rule '" + s + "'; expected official or paper");
            }
        }
    }

    /**
     * @param candidates  n: positive and negative candidates per anchor (official 50)
     * @param window      positive-window rule
     * @param d           the paper's positive half-width (5)
     * @param dPrime      the negative gap d′ (30)
     * @param margin      anchor frames are drawn from [margin, frames − margin] (official 31)
     * @param maxAttempts redraws before giving up on an anchor
     */
    public record Options(int candidates, Window window, int d, int dPrime, int margin, int maxAttempts) {
        public static final Options OFFICIAL = new Options(50, Window.OFFICIAL, 5, 30, 31, 50);

        public Options {
            if (candidates < 1 || d < 0 || dPrime < 0 || margin < 0 || maxAttempts < 1) {
                throw new RmferException(
                        "Invalid ACL sampling options: " + candidates + ", " + d + ", " + dPrime + ", " + margin);
            }
        }

        /** Named settings, starting from {@link #OFFICIAL}: {@code Options.builder().optCandidates(20).build()}. */
        public static Builder builder() {
            return new Builder();
        }

        /** All optional; each defaults to {@link #OFFICIAL}'s value. */
        public static final class Builder {
            private int candidates = OFFICIAL.candidates();
            private Window window = OFFICIAL.window();
            private int d = OFFICIAL.d();
            private int dPrime = OFFICIAL.dPrime();
            private int margin = OFFICIAL.margin();
            private int maxAttempts = OFFICIAL.maxAttempts();

            /** n: positive and negative candidates per anchor. */
            public Builder optCandidates(int n) {
                this.candidates = n;
                return this;
            }

            public Builder optWindow(Window w) {
                this.window = Objects.requireNonNull(w);
                return this;
            }

            /** The paper's positive half-width d ({@link Window#PAPER}). */
            public Builder optD(int d) {
                this.d = d;
                return this;
            }

            /** The negative gap d′ in sampled frames. */
            public Builder optDPrime(int dPrime) {
                this.dPrime = dPrime;
                return this;
            }

            /** Anchor frames are drawn from [margin, frames − margin]. */
            public Builder optMargin(int margin) {
                this.margin = margin;
                return this;
            }

            public Builder optMaxAttempts(int attempts) {
                this.maxAttempts = attempts;
                return this;
            }

            public Options build() {
                return new Options(candidates, window, d, dPrime, margin, maxAttempts);
            }
        }
    }

    /** One anchor with its candidates. */
    public record Candidates(RmsetIndex.Row anchor, List<RmsetIndex.Row> positives, List<RmsetIndex.Row> negatives) {}

    /** What happened while sampling. */
    public record Counters(long anchors, long redraws, long failed, long shortPositives, long videosTooShort) {}

    /** A video's rows organised for sampling. */
    private record Video(
            String name,
            int faces,
            int frames,
            Map<Integer, Map<Integer, RmsetIndex.Row>> byFrame,
            Map<Integer, List<RmsetIndex.Row>> byFace) {}

    private final List<Video> videos = new ArrayList<>();
    private final Options options;
    private long anchors;
    private long redraws;
    private long failed;
    private long shortPositives;
    private long videosTooShort;

    public AclSampler(RmsetIndex index, Options options) {
        this.options = Objects.requireNonNull(options);
        for (String v : index.videos()) {
            Map<Integer, Map<Integer, RmsetIndex.Row>> byFrame = new TreeMap<>();
            Map<Integer, List<RmsetIndex.Row>> byFace = new HashMap<>();
            int maxFrame = -1;
            for (RmsetIndex.Row r : index.rowsOf(v)) {
                byFrame.computeIfAbsent(r.frame(), k -> new HashMap<>()).put(r.faceId(), r);
                byFace.computeIfAbsent(r.faceId(), k -> new ArrayList<>()).add(r);
                maxFrame = Math.max(maxFrame, r.frame());
            }
            int frames = maxFrame + 1;
            if (frames <= 2 * options.margin() || byFace.size() < 2) {
                videosTooShort++;
                continue;
            }
            videos.add(new Video(v, byFace.size(), frames, byFrame, byFace));
        }
        if (videos.isEmpty()) {
            throw new RmferException("No video in the RMset index is long enough (more than " + 2 * options.margin()
                    + " frames) with at least two people; " + videosTooShort + " were too short or had one person");
        }
    }

    /** The official adaptive half-width R for n candidates among {@code faces} people. */
    public static int officialRadius(int candidates, int faces) {
        return (int) Math.ceil((candidates / (double) faces - 1) / 2.0) + 1;
    }

    /** Positive candidates of an anchor: other people's faces in the window around frame t. */
    public List<RmsetIndex.Row> positiveCandidates(String video, int faceId, int t) {
        Video v = video(video);
        int lo;
        int hiExclusive;
        if (options.window() == Window.OFFICIAL) {
            int r = officialRadius(options.candidates(), v.faces());
            lo = t - r;
            hiExclusive = t + r;
        } else {
            lo = t - options.d();
            hiExclusive = t + options.d() + 1;
        }
        List<RmsetIndex.Row> out = new ArrayList<>();
        for (int f = lo; f < hiExclusive; f++) {
            Map<Integer, RmsetIndex.Row> faces = v.byFrame().get(f);
            if (faces != null) {
                faces.forEach((id, row) -> {
                    if (id != faceId) {
                        out.add(row);
                    }
                });
            }
        }
        out.sort(Comparator.comparingInt(RmsetIndex.Row::frame).thenComparingInt(RmsetIndex.Row::faceId));
        return out;
    }

    /**
     * The faces of {@code video} at {@code frame}, by face ID (empty when none): the co-viewers of an anchor or a
     * candidate.
     */
    public Map<Integer, RmsetIndex.Row> facesAt(String video, int frame) {
        return Collections.unmodifiableMap(video(video).byFrame().getOrDefault(frame, Map.of()));
    }

    /** Negative candidates of an anchor: the same person at frames ≤ t − d′ or &gt; t + d′. */
    public List<RmsetIndex.Row> negativeCandidates(String video, int faceId, int t) {
        List<RmsetIndex.Row> out = new ArrayList<>();
        for (RmsetIndex.Row r : video(video).byFace().getOrDefault(faceId, List.of())) {
            if (r.frame() <= t - options.dPrime() || r.frame() > t + options.dPrime()) {
                out.add(r);
            }
        }
        return out;
    }

    private Video video(String name) {
        for (Video v : videos) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new RmferException("Video " + name + " is not in the sampler (missing, too short, or one person)");
    }

    /**
     * Draws the candidates of one anchor; a pure function of (seed, step, slot). Returns null (and counts it) when no
     * usable anchor was found in {@code maxAttempts} draws.
     */
    /** {@link #sample}, as an Optional: empty when no anchor with enough candidates was found. */
    public Optional<Candidates> trySample(long seed, long step, int slot) {
        return Optional.ofNullable(sample(seed, step, slot));
    }

    public @Nullable Candidates sample(long seed, long step, int slot) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, step, slot));
        anchors++;
        for (int attempt = 0; attempt < options.maxAttempts(); attempt++) {
            if (attempt > 0) {
                redraws++;
            }
            Video v = videos.get(r.nextInt(videos.size()));
            List<Integer> ids = new ArrayList<>(v.byFace().keySet());
            ids.sort(null);
            int face = ids.get(r.nextInt(ids.size()));
            int t = options.margin() + r.nextInt(v.frames() - 2 * options.margin());
            RmsetIndex.Row anchor = v.byFrame().getOrDefault(t, Map.of()).get(face);
            if (anchor == null) {
                continue; // the anchor face is missing in that frame
            }
            List<RmsetIndex.Row> pos = positiveCandidates(v.name(), face, t);
            List<RmsetIndex.Row> negPool = negativeCandidates(v.name(), face, t);
            if (pos.isEmpty() || negPool.isEmpty()) {
                continue;
            }
            if (pos.size() < options.candidates()) {
                shortPositives++;
                if (attempt < options.maxAttempts() - 1) {
                    continue; // the official code redraws until there are enough positives
                }
            }
            // positives without replacement (a seeded partial shuffle), negatives with replacement
            List<RmsetIndex.Row> shuffled = new ArrayList<>(pos);
            int k = Math.min(options.candidates(), shuffled.size());
            for (int i = 0; i < k; i++) {
                int j = i + r.nextInt(shuffled.size() - i);
                RmsetIndex.Row tmp = shuffled.get(i);
                shuffled.set(i, shuffled.get(j));
                shuffled.set(j, tmp);
            }
            List<RmsetIndex.Row> neg = new ArrayList<>(options.candidates());
            for (int i = 0; i < options.candidates(); i++) {
                neg.add(negPool.get(r.nextInt(negPool.size())));
            }
            return new Candidates(anchor, List.copyOf(shuffled.subList(0, k)), List.copyOf(neg));
        }
        failed++;
        return null;
    }

    public Counters counters() {
        return new Counters(anchors, redraws, failed, shortPositives, videosTooShort);
    }
}
