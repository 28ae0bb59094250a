package org.rmfer4j.data.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.data.FileImage;
import org.rmfer4j.data.Problem;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.SampleListDataset;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;

/**
 * A user's own data, one folder per expression ({@code happy/}, {@code Anger/} …), optionally below split folders.
 * Unlike torchvision's ImageFolder, class indices do <em>not</em> follow alphabetical folder order (the trap the
 * official RMFER code fell into): they follow AffectNet order restricted to the expressions present.
 */
public final class ImageFolder {
    private ImageFolder() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setRoot}. Optional: {@code optSplit} (a sub-folder such as {@code train}). */
    public static final class Builder {
        private @Nullable Path root;
        private @Nullable String split;
        private DatasetManifest manifest = Manifests.bundled("folder");
        private ProblemSink problems = ProblemSink.failFast();

        public Builder setRoot(Path root) {
            this.root = Objects.requireNonNull(root);
            return this;
        }

        /** A split sub-folder ({@code train}, {@code test}); without it the class folders sit in the root. */
        public Builder optSplit(@Nullable String split) {
            this.split = split;
            return this;
        }

        public Builder optManifest(DatasetManifest manifest) {
            this.manifest = Objects.requireNonNull(manifest);
            return this;
        }

        public Builder optProblems(ProblemSink problems) {
            this.problems = Objects.requireNonNull(problems);
            return this;
        }

        public FaceDataset build() {
            if (root == null) {
                throw new RmferException("ImageFolder.builder(): setRoot(..) is required");
            }
            return load(root, split, manifest, problems);
        }
    }

    /** AffectNet order restricted to {@code present}; the named built-in order when it matches exactly. */
    public static ClassOrder orderFor(Set<Expression> present) {
        List<Expression> list =
                Arrays.stream(Expression.values()).filter(present::contains).toList();
        for (ClassOrder o : List.of(ClassOrder.AFFECTNET_8, ClassOrder.AFFECTNET_7)) {
            if (o.expressions().equals(list)) {
                return o;
            }
        }
        return ClassOrder.of(
                "folder" + list.stream().map(e -> e.name().substring(0, 2)).collect(Collectors.joining("")), 0, list);
    }

    static FaceDataset load(Path root, @Nullable String split, DatasetManifest m, ProblemSink problems) {
        Path dir = split == null ? root : root.resolve(split).normalize();
        String display = split == null ? "." : split;
        if (!dir.startsWith(root.normalize()) && split != null) {
            throw new RmferException("Split folder '" + split + "' escapes the root " + root);
        }
        if (!Files.isDirectory(dir)) {
            problems.report(Problem.ofFile(display, "folder is missing (expected " + dir + ")"));
            return new SampleListDataset(
                    m, split == null ? "all" : split, ClassOrder.AFFECTNET_8, root.toString(), List.of());
        }
        Set<String> extensions = Arrays.stream(
                        m.param("extensions", "jpg,jpeg,png,bmp").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Map<Expression, List<Path>> byClass = new EnumMap<>(Expression.class);
        List<String> notes = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path c : children.sorted().toList()) {
                if (!Files.isDirectory(c)) {
                    continue;
                }
                String folder = c.getFileName().toString();
                Optional<Expression> e = Expression.tryParse(folder);
                if (e.isEmpty()) {
                    problems.report(Problem.ofFile(
                            display + "/" + folder,
                            "folder name is not an expression; expected one of "
                                    + Arrays.stream(Expression.values())
                                            .map(x -> x.name().toLowerCase(Locale.ROOT))
                                            .toList()));
                    continue;
                }
                if (byClass.containsKey(e.get())) {
                    problems.report(Problem.ofFile(display + "/" + folder, "a second folder for " + e.get()));
                    continue;
                }
                List<Path> files;
                try (Stream<Path> f = Files.list(c)) {
                    files = f.filter(Files::isRegularFile)
                            .filter(p -> extensions.contains(extension(p)))
                            .sorted()
                            .toList();
                }
                byClass.put(e.get(), files);
            }
        } catch (IOException e) {
            throw new RmferException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (byClass.isEmpty()) {
            problems.report(Problem.ofFile(display, "no expression folders found in " + dir));
        }
        ClassOrder order = orderFor(byClass.keySet().isEmpty() ? Set.of(Expression.values()) : byClass.keySet());
        List<FaceSample> samples = new ArrayList<>();
        byClass.forEach((e, files) -> {
            if (files.isEmpty()) {
                notes.add("folder for " + e + " holds no images with extensions " + extensions);
            }
            for (Path f : files) {
                samples.add(FaceSample.labelled(root.relativize(f).toString(), new FileImage(f), e));
            }
        });
        if (samples.isEmpty() && !byClass.isEmpty()) {
            problems.report(Problem.ofFile(display, "no images with extensions " + extensions));
        }
        return new SampleListDataset(m, split == null ? "all" : split, order, root.toString(), samples, notes);
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
