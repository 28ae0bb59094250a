package org.rmfer4j.data.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.DatasetException;
import org.rmfer4j.data.Datasets;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.data.Problem;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.manifest.DatasetManifest;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Checks a local dataset copy against its manifest: label files present and well-formed, every label known, every
 * image present and readable (header, or fully decoded with {@code decode}), no split empty, and counts per split
 * and class equal to the manifest's.
 */
public final class DatasetVerifier {
    /**
     * @param splits        splits to check (null: all in the manifest)
     * @param decode        decode every image fully instead of reading its header
     * @param countsAsNotes report count differences as notes instead of problems (for partial or re-aligned copies)
     * @param options       loader options (AffectNet classes, FERPlus label mode …)
     * @param threads       image-check threads
     */
    public record Options(
            @Nullable List<String> splits,
            boolean decode,
            boolean countsAsNotes,
            Datasets.Options options,
            int threads) {
        public static Options defaults() {
            return new Options(
                    null,
                    false,
                    false,
                    Datasets.Options.DEFAULTS,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private DatasetVerifier() {}

    public static VerificationReport verify(DatasetManifest m, Path root, Options o) {
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        StringColumn splitCol = StringColumn.create("split");
        StringColumn classCol = StringColumn.create("class");
        IntColumn expected = IntColumn.create("expected");
        IntColumn found = IntColumn.create("found");
        Table counts = Table.create(m.name() + " counts", splitCol, classCol, expected, found);
        AtomicInteger checked = new AtomicInteger();
        if (!Files.isDirectory(root)) {
            problems.add(Problem.ofFile(root.toString(), "dataset root is not a directory"));
            return new VerificationReport(m.name(), root.toString(), counts, problems, notes, 0);
        }
        List<String> splits = o.splits() != null
                ? o.splits()
                : m.splits().isEmpty() ? Collections.singletonList(null) : m.splitNames();
        for (String split : splits) {
            ProblemSink.Collecting sink = ProblemSink.collecting();
            FaceDataset ds;
            try {
                ds = Datasets.load(m, root, split, o.options(), sink);
            } catch (DatasetException e) {
                problems.addAll(sink.problems());
                problems.add(e.problem());
                continue;
            } catch (RmferException e) {
                problems.addAll(sink.problems());
                problems.add(Problem.ofFile(m.name() + (split == null ? "" : "/" + split), e.getMessage()));
                continue;
            }
            problems.addAll(sink.problems());
            ds.loadNotes().forEach(n -> notes.add(ds.name() + ": " + n));
            checkImages(ds, root, o, problems, checked);
            compareCounts(
                    m, ds, split, o.countsAsNotes() ? null : problems, notes, splitCol, classCol, expected, found);
        }
        return new VerificationReport(m.name(), root.toString(), counts, problems, notes, checked.get());
    }

    private static void checkImages(
            FaceDataset ds, Path root, Options o, List<Problem> problems, AtomicInteger checked) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
        try {
            List<Future<Problem>> results = new ArrayList<>();
            for (FaceSample s : ds.samples()) {
                results.add(pool.submit(() -> {
                    try {
                        if (o.decode()) {
                            s.image().load();
                        } else {
                            s.image().check();
                        }
                        return null;
                    } catch (DatasetException e) {
                        Problem p = e.problem();
                        String file = p.file().startsWith(root.toString())
                                ? root.relativize(Path.of(p.file())).toString()
                                : p.file();
                        return new Problem(file, p.line(), p.field(), p.message() + " (sample " + s.id() + ")");
                    } catch (RuntimeException e) {
                        return Problem.ofFile(s.image().source(), "unreadable: " + e);
                    } finally {
                        checked.incrementAndGet();
                    }
                }));
            }
            for (Future<Problem> f : results) {
                Problem p = f.get();
                if (p != null) {
                    problems.add(p);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RmferException("Interrupted while checking images", e);
        } catch (ExecutionException e) {
            throw new RmferException("Image check failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void compareCounts(
            DatasetManifest m,
            FaceDataset ds,
            @Nullable String split,
            @Nullable List<Problem> problems,
            List<String> notes,
            StringColumn splitCol,
            StringColumn classCol,
            IntColumn expected,
            IntColumn found) {
        ClassOrder order = ds.classOrder();
        int[] got = ds.classCounts();
        DatasetManifest.SplitSpec spec = split == null ? null : m.splits().get(split);
        Map<String, Integer> perClass = spec == null ? null : spec.perClass();
        int expectedTotal = 0;
        boolean complete = true;
        for (int i = 0; i < order.size(); i++) {
            Expression e = order.at(i);
            Integer exp = null;
            if (perClass != null) {
                for (var entry : perClass.entrySet()) {
                    if (Expression.tryParse(entry.getKey()).orElse(null) == e) {
                        exp = entry.getValue();
                    }
                }
            }
            splitCol.append(ds.split());
            classCol.append(e.displayName());
            if (exp == null) {
                expected.appendMissing();
                complete = false;
            } else {
                expected.append(exp);
                expectedTotal += exp;
                if (exp != got[i]) {
                    report(
                            problems,
                            notes,
                            Problem.ofFile(
                                    ds.name(),
                                    e.displayName() + ": found " + got[i] + " images, the manifest expects " + exp
                                            + (spec.source() == null ? "" : " (" + spec.source() + ")")));
                }
            }
            found.append(got[i]);
        }
        int total = Arrays.stream(got).sum();
        splitCol.append(ds.split());
        classCol.append("TOTAL");
        // The manifest total covers every class; a 7-class view of an 8-class manifest compares the sum of its classes.
        Integer expTotal = spec == null || spec.count() == null
                ? null
                : (perClass != null && perClass.size() > order.size() && complete)
                        ? Integer.valueOf(expectedTotal)
                        : spec.count();
        if (expTotal == null) {
            expected.appendMissing();
        } else {
            expected.append(expTotal);
            if (expTotal != total && perClass == null) {
                report(
                        problems,
                        notes,
                        Problem.ofFile(ds.name(), "found " + total + " images, the manifest expects " + expTotal));
            }
        }
        found.append(total);
    }

    private static void report(@Nullable List<Problem> problems, List<String> notes, Problem p) {
        if (problems != null) {
            problems.add(p);
        } else {
            notes.add("count differs: " + p);
        }
    }
}
