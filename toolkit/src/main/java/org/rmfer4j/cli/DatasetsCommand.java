package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.rmfer4j.data.Datasets;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.verify.DatasetVerifier;
import org.rmfer4j.data.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rmfer datasets list|show|verify|describe}. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description =
                "Dataset manifests: list them, show a layout, verify a local copy, describe its class distribution.",
        subcommands = {
            DatasetsCommand.ListCmd.class,
            DatasetsCommand.Show.class,
            DatasetsCommand.Verify.class,
            DatasetsCommand.Describe.class
        })
final class DatasetsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by verify and describe. */
    static final class Target {
        @Option(
                names = "--dataset",
                required = true,
                paramLabel = "NAME|FILE.json",
                description = "A bundled manifest (rafdb, affectnet, ferplus, folder, rmset) or a manifest file.")
        String dataset;

        @Option(names = "--root", required = true, paramLabel = "DIR", description = "The local copy's root folder.")
        Path root;

        @Option(names = "--split", paramLabel = "SPLIT", description = "Only this split (repeatable). Default: all.")
        List<String> splits;

        @Option(names = "--classes", paramLabel = "7|8", description = "AffectNet: class view (default 7).")
        Integer classes;

        @Option(names = "--aligned", description = "AffectNet: a pre-aligned copy (no face-box crop).")
        Boolean aligned;

        @Option(
                names = "--label-mode",
                paramLabel = "MODE",
                description = "FERPlus: majority-argmax (default), majority, probability, crossentropy, multi-target.")
        String labelMode;

        @Option(
                names = "--images",
                paramLabel = "aligned|original",
                description = "RAF-DB: which images (default aligned).")
        String images;

        DatasetManifest manifest() {
            return Manifests.resolve(dataset);
        }

        Datasets.Options options() {
            return new Datasets.Options(classes, aligned, labelMode, images);
        }
    }

    @Command(name = "list", description = "List the bundled dataset manifests.")
    static final class ListCmd implements Runnable {
        @Override
        public void run() {
            for (String name : Manifests.BUNDLED) {
                DatasetManifest m = Manifests.bundled(name);
                System.out.printf(
                        "%-10s %-9s %s%s%n", m.name(), m.layout(), m.title(), m.synthetic() ? " [SYNTHETIC]" : "");
            }
        }
    }

    @Command(
            name = "show",
            description = "Show a manifest: where to get the data, its terms, the expected tree and files.")
    static final class Show implements Runnable {
        @Option(names = "--dataset", required = true, paramLabel = "NAME|FILE.json")
        String dataset;

        @Override
        public void run() {
            DatasetManifest m = Manifests.resolve(dataset);
            System.out.println(m.title() + (m.synthetic() ? "  [SYNTHETIC: never a real benchmark]" : ""));
            System.out.println("  obtain:  " + m.homepage());
            System.out.println("  terms:   " + m.access());
            if (m.citation() != null) {
                System.out.println("  cite:    " + m.citation());
            }
            System.out.println("  classes: " + m.order());
            System.out.println("  layout:");
            m.tree().forEach(t -> System.out.println("    " + t));
            m.splits()
                    .forEach((s, spec) ->
                            System.out.println("  split " + s + ": " + (spec.count() == null ? "?" : spec.count())
                                    + " images" + (spec.source() == null ? "" : " (" + spec.source() + ")")));
            System.out.println("  normalisation: " + m.normalization());
            m.notes().forEach(n -> System.out.println("  note: " + n));
        }
    }

    @Command(name = "verify", description = "Check a local copy against its manifest; exits 1 on any problem.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--decode", description = "Decode every image fully (default: read headers only).")
        boolean decode;

        @Option(names = "--counts-as-notes", description = "Report count differences as notes, not problems.")
        boolean countsAsNotes;

        @Option(
                names = "--max-problems",
                defaultValue = "50",
                description = "Problems to list (default ${DEFAULT-VALUE}).")
        int maxProblems;

        @Override
        public Integer call() {
            DatasetVerifier.Options o = new DatasetVerifier.Options(
                    target.splits,
                    decode,
                    countsAsNotes,
                    target.options(),
                    Runtime.getRuntime().availableProcessors());
            VerificationReport r = DatasetVerifier.verify(target.manifest(), target.root, o);
            System.out.print(r.format(maxProblems));
            return r.ok() ? 0 : 1;
        }
    }

    @Command(name = "describe", description = "Print the class distribution of each split.")
    static final class Describe implements Runnable {
        @Mixin
        Target target = new Target();

        @Override
        public void run() {
            DatasetManifest m = target.manifest();
            List<String> splits = target.splits != null
                    ? target.splits
                    : m.splits().isEmpty() ? Collections.singletonList(null) : m.splitNames();
            for (String split : splits) {
                FaceDataset ds = Datasets.load(m, target.root, split, target.options(), ProblemSink.failFast());
                System.out.println(ds.describe().printAll());
                ds.loadNotes().forEach(n -> System.out.println("note: " + n));
                System.out.println();
            }
        }
    }
}
