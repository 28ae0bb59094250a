package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;

class ManifestTest {
    @Test
    void everyBundledManifestLoadsAndValidates() {
        for (String name : Manifests.BUNDLED) {
            DatasetManifest m = Manifests.bundled(name);
            assertEquals(name, m.name());
            assertFalse(m.access().isBlank());
            assertFalse(m.synthetic(), name + " is a real dataset manifest");
            m.order();
        }
    }

    @Test
    void splitSizesAreThePapers() {
        assertEquals(12271, Manifests.bundled("rafdb").splits().get("train").count());
        assertEquals(3068, Manifests.bundled("rafdb").splits().get("test").count());
        assertEquals(28389, Manifests.bundled("ferplus").splits().get("train").count());
        assertEquals(
                3553, Manifests.bundled("ferplus").splits().get("validation").count());
        assertEquals(3546, Manifests.bundled("ferplus").splits().get("test").count());
        assertEquals(
                4000, Manifests.bundled("affectnet").splits().get("validation").count());
    }

    @Test
    void unknownFieldsAndBadValuesAreNamed() {
        String base = AtomicJson.RAFDB_MIN;
        RmferException typo = assertThrows(
                RmferException.class, () -> Manifests.parse(base.replace("\"layout\"", "\"layot\""), "t.json"));
        assertTrue(typo.getMessage().contains("layot"), typo.getMessage());
        RmferException layout = assertThrows(
                RmferException.class,
                () -> Manifests.parse(base.replace("\"layout\": \"rafdb\"", "\"layout\": \"csv\""), "t.json"));
        assertTrue(layout.getMessage().contains("layout: expected one of"), layout.getMessage());
        RmferException sum = assertThrows(
                RmferException.class, () -> Manifests.parse(base.replace("\"count\": 3", "\"count\": 4"), "t.json"));
        assertTrue(sum.getMessage().contains("splits.train: perClass sums to 3 but count is 4"), sum.getMessage());
    }

    @Test
    void writeAndReadBack(@TempDir Path dir) {
        DatasetManifest m = Manifests.parse(AtomicJson.RAFDB_MIN, "t.json");
        Path f = Manifests.write(m, dir.resolve("m.json"));
        assertEquals(m, Manifests.load(f));
    }

    /** A minimal valid manifest. */
    static final class AtomicJson {
        static final String RAFDB_MIN = """
                {"name": "tiny", "title": "Tiny", "layout": "rafdb", "synthetic": false, "homepage": "here",
                 "access": "test only", "citation": null, "classOrder": "rafdb",
                 "files": {"labels": "labels.txt"}, "columns": {}, "params": {"prefix.train": "train_"}, "tree": [],
                 "splits": {"train": {"count": 3, "perClass": {"Happiness": 2, "Surprise": 1}, "source": "test"}},
                 "normalization": {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "source": "test"}, "notes": []}
                """;
    }
}
