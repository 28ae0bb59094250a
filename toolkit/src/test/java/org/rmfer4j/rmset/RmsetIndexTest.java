package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.data.DatasetException;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.Fixtures;
import org.rmfer4j.data.ProblemSink;
import tech.tablesaw.api.Table;

class RmsetIndexTest {
    @TempDir
    Path root;

    static final String HEADER = "video,frameNum,faceID,filePath,faceConf,x,y,w,h,every";

    @Test
    void writesAtomicallyAndReadsBackRowForRow() throws Exception {
        List<RmsetIndex.Row> rows = List.of(
                new RmsetIndex.Row("vidB", 0, 1, "vidB/vidB_0_1.jpg", 0.99, 10, 20, 30, 40, 5),
                new RmsetIndex.Row("vidA", 3, 0, "vidA/vidA_3_0.jpg", 1.0, 0, 0, 16, 16, 5),
                new RmsetIndex.Row("vidA", 1, 0, "vidA/vidA_1_0.jpg", 0.5, 1, 2, 3, 4, 5));
        RmsetIndex idx = RmsetIndex.of(root, rows);
        assertEquals(List.of("vidA", "vidB"), idx.videos());
        assertEquals(1, idx.rows().get(0).frame(), "sorted by video, frame, face");
        idx.write(root.resolve("index.csv"));
        try (var files = Files.list(root)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        RmsetIndex back = RmsetIndex.read(root);
        assertEquals(idx.rows(), back.rows());
        Table t = back.table();
        assertEquals(3, t.rowCount());
        assertEquals(
                List.of("video", "frameNum", "faceID", "filePath", "faceConf", "x", "y", "w", "h", "every"),
                t.columnNames());
        FaceDataset ds = back.asDataset();
        assertNull(ds.get(0).label());
        assertEquals("vidA#0", ds.get(0).identity());
        assertEquals(3, ds.get(1).frame());
    }

    @Test
    void malformedFieldsAreNamedWithTheirLine() {
        Fixtures.writeText(
                root.resolve("index.csv"),
                HEADER + "\n"
                        + "v,0,0,v/a.jpg,0.9,0,0,10,10,1\n"
                        + "v,x,0,v/b.jpg,0.9,0,0,10,10,1\n"
                        + "v,1,0,../../etc/passwd,0.9,0,0,10,10,1\n"
                        + "v,2,0,v/c.jpg,NaN,0,0,10,10,1\n"
                        + "v,3,0,v/d.jpg,0.9,0,0,0,10,1\n"
                        + "v,0,0,v/a.jpg,0.9,0,0,10,10,1\n"
                        + "../v,4,0,v/e.jpg,0.9,0,0,10,10,1\n");
        ProblemSink.Collecting sink = ProblemSink.collecting();
        RmsetIndex idx = RmsetIndex.read(root, "index.csv", sink);
        assertEquals(1, idx.size());
        var p = sink.problems();
        assertEquals(6, p.size(), p.toString());
        assertEquals("frameNum", p.get(0).field());
        assertEquals(3, p.get(0).line());
        assertEquals("filePath", p.get(1).field());
        assertTrue(p.get(1).message().contains("escapes"));
        assertEquals("faceConf", p.get(2).field());
        assertEquals("w", p.get(3).field());
        assertTrue(p.get(4).message().contains("listed twice"));
        assertEquals("video", p.get(5).field());
        assertThrows(DatasetException.class, () -> RmsetIndex.read(root));
    }
}
