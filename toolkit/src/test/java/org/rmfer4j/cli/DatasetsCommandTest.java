package org.rmfer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.data.Fixtures;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.verify.DatasetVerifier;
import org.rmfer4j.data.verify.VerificationReport;

class DatasetsCommandTest {
    @TempDir
    Path root;

    /** Runs the CLI, returning exit code and captured stdout. */
    static Object[] run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = RmferCli.execute(args);
            return new Object[] {rc, buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(old);
        }
    }

    /** The tiny fixture with the manifest's expected counts replaced by the fixture's. */
    private Path tinyRafdbManifest() {
        DatasetManifest m = Manifests.bundled("rafdb");
        String json = """
                {"name": "tinyraf", "title": "Tiny RAF-DB", "layout": "rafdb", "synthetic": false, "homepage": "test",
                 "access": "test", "citation": null, "classOrder": "rafdb", "files": %s, "columns": {}, "params": %s,
                 "tree": [], "splits": {
                   "train": {"count": 3, "perClass": {"Surprise": 1, "Happiness": 2}, "source": "fixture"},
                   "test": {"count": 2, "perClass": {"Neutral": 1, "Anger": 1}, "source": "fixture"}},
                 "normalization": {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "source": "test"}, "notes": []}
                """.formatted(toJson(m.files()), toJson(m.params()));
        Path f = root.resolve("tinyraf.json");
        Fixtures.writeText(f, json);
        return f;
    }

    private static String toJson(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
        return sb.append('}').toString();
    }

    @Test
    void verifyPassesOnAGoodCopy() {
        Path data = Fixtures.rafdb(root.resolve("raf"));
        Object[] r = run("datasets", "verify", "--dataset", tinyRafdbManifest().toString(), "--root", data.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("OK: no problems found"), (String) r[1]);
    }

    @Test
    void verifyListsEveryProblemAndExitsNonZero() {
        Path data = Fixtures.rafdb(root.resolve("raf"));
        Fixtures.writeText(
                data.resolve("EmoLabel/list_patition_label.txt"),
                "train_00001.jpg 1\ntrain_00002.jpg 9\ntrain_00003.jpg\ntest_0001.jpg 7\ntest_0002.jpg 6\ntrain_00004.jpg 4\n");
        Fixtures.writeText(data.resolve("Image/aligned/test_0002_aligned.jpg"), "broken");
        VerificationReport rep =
                DatasetVerifier.verify(Manifests.load(tinyRafdbManifest()), data, DatasetVerifier.Options.defaults());
        String all = rep.format(100);
        assertTrue(all.contains("list_patition_label.txt:2 [label]: unknown label code 9"), all);
        assertTrue(all.contains("list_patition_label.txt:3: expected '<name> <label>'"), all);
        assertTrue(all.contains("train_00004_aligned.jpg: image file is missing"), all);
        assertTrue(all.contains("test_0002_aligned.jpg: not a recognised image format"), all);
        assertTrue(all.contains("Happiness: found 1 images, the manifest expects 2"), all);
        // the label file serves both splits: each of its problems is listed once, not once per split
        assertEquals(
                1,
                rep.problems().stream()
                        .filter(p -> p.line() == 2 && p.file().endsWith("list_patition_label.txt"))
                        .count(),
                all);
        Object[] r = run("datasets", "verify", "--dataset", tinyRafdbManifest().toString(), "--root", data.toString());
        assertEquals(1, r[0]);
    }

    @Test
    void wrongRootAndUnknownDatasetGiveClearErrors() {
        Object[] r = run(
                "datasets",
                "verify",
                "--dataset",
                "rafdb",
                "--root",
                root.resolve("nope").toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[1]).contains("dataset root is not a directory"), (String) r[1]);
        Object[] bad = run("datasets", "describe", "--dataset", "imagenet", "--root", root.toString());
        assertEquals(2, bad[0]);
    }

    @Test
    void describePrintsTheDistribution() {
        Path data = Fixtures.affectnet(root.resolve("aff"));
        Object[] r = run(
                "datasets",
                "describe",
                "--dataset",
                "affectnet",
                "--root",
                data.toString(),
                "--split",
                "train",
                "--classes",
                "8");
        assertEquals(0, r[0]);
        String out = (String) r[1];
        assertTrue(out.contains("Happiness") && out.contains("Contempt"), out);
        assertTrue(out.contains("skipped 2 rows with non-class codes"), out);
        Object[] list = run("datasets", "list");
        assertTrue(((String) list[1]).contains("ferplus"));
    }
}
