package org.rmfer4j.spark.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.rmfer4j.core.Locations;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.SafePaths;

/**
 * The path syntax of the Hadoop route, by hand, without a file system: what SafePaths and the RMset readers rely on
 * (normalising, resolving, the root check), and the URI round trip that a run's config.json depends on.
 */
class HadoopPathTest {
    private final HadoopNioProvider provider = new HadoopNioProvider(new Configuration());
    private final Path root = provider.getPath(URI.create("hdfs://nn:8020/data/rmset"));

    @Test
    void syntaxByHand() {
        assertEquals("hdfs://nn:8020/data/rmset", root.toString());
        assertTrue(root.isAbsolute());
        assertEquals(2, root.getNameCount());
        assertEquals("rmset", root.getFileName().toString());
        assertEquals("hdfs://nn:8020/data", root.getParent().toString());
        assertEquals("hdfs://nn:8020/", root.getRoot().toString());
        assertNull(root.getRoot().getParent());
        Path shard = root.resolve("clip0/crops.tar");
        assertEquals("hdfs://nn:8020/data/rmset/clip0/crops.tar", shard.toString());
        assertEquals(URI.create("hdfs://nn:8020/data/rmset/clip0/crops.tar"), shard.toUri());
        assertEquals("clip0/crops.tar", root.relativize(shard).toString());
        assertEquals("../../x", shard.relativize(root.resolve("x")).toString());
        assertTrue(shard.startsWith(root));
        assertFalse(root.startsWith(shard));
        assertTrue(shard.endsWith(root.getFileSystem().getPath("clip0/crops.tar")));
        assertEquals(root, root.resolve("a/./b/../..").normalize());
        assertEquals("hdfs://nn:8020/", root.resolve("../../../..").normalize().toString(), "/.. is /");
        assertEquals(
                "../a", root.getFileSystem().getPath("x/../../a").normalize().toString());
        assertEquals(root, root.getFileSystem().getPath("/data", "rmset"));
        assertEquals(root, root.getFileSystem().getPath(root.toString()), "the string form parses back");
        assertEquals(root.resolve("y"), root.resolve("/data/rmset/y"), "an absolute string replaces");
        assertEquals(
                root.hashCode(),
                provider.getPath(URI.create("hdfs://nn:8020/data//rmset/")).hashCode());
        assertTrue(root.getFileSystem().getPathMatcher("glob:**/*.tar").matches(shard));
    }

    @Test
    void pathsOfAnotherFileSystemDoNotMix() {
        Path other = provider.getPath(URI.create("hdfs://other:8020/data/rmset"));
        assertFalse(other.startsWith(root));
        assertThrows(ProviderMismatchException.class, () -> root.resolve(Path.of("x")));
        assertThrows(ProviderMismatchException.class, () -> root.relativize(other));
        assertThrows(IllegalArgumentException.class, () -> root.getFileSystem().getPath("s3a://b/x"));
    }

    @Test
    void safePathsKeepIndexPathsInsideTheRoot() {
        assertEquals(
                "hdfs://nn:8020/data/rmset/clip0/crops.tar",
                SafePaths.resolveInside(root, "clip0/./crops.tar", "index.csv:2")
                        .toString());
        for (String bad : new String[] {"../secret", "clip0/../../x", "/etc/passwd"}) {
            RmferException e =
                    assertThrows(RmferException.class, () -> SafePaths.resolveInside(root, bad, "index.csv:3"), bad);
            assertTrue(e.getMessage().startsWith("index.csv:3: path '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void writesAreRefusedWithTheWayToWrite() {
        RmferException e = assertThrows(RmferException.class, () -> Files.writeString(root.resolve("x.txt"), "no"));
        assertTrue(e.getMessage().contains("--engine spark"), e.getMessage());
        assertThrows(RmferException.class, () -> Files.delete(root));
        assertThrows(RmferException.class, () -> Files.createDirectories(root.resolve("d")));
    }

    @Test
    void locationsFindTheHadoopRouteAndKeepLocalPathsLocal() {
        Path p = Locations.of("hdfs://nn:8020/data/rmset");
        assertEquals(root, p);
        assertFalse(Locations.isLocal(p));
        assertTrue(Locations.isLocal(Locations.of("runs/x")));
        assertEquals(Path.of("/tmp/x"), Locations.of("file:///tmp/x"));
        RmferException e = assertThrows(RmferException.class, () -> Locations.of("nosuchfs://h/x"));
        assertTrue(e.getMessage().contains("No file-system client for 'nosuchfs://'"), e.getMessage());
        // an unreachable name node is said as it is, not as a missing file
        RmferException down = assertThrows(
                RmferException.class, () -> Files.isRegularFile(Locations.of("hdfs://127.0.0.1:1/rmset/index.csv")));
        assertTrue(down.getMessage().startsWith("Cannot read hdfs://127.0.0.1:1/rmset/index.csv"), down.getMessage());
        assertTrue(HadoopPaths.isRemote("s3a://bucket/rmset"));
        assertFalse(HadoopPaths.isRemote("file:///tmp/rmset"));
        assertFalse(HadoopPaths.isRemote("/tmp/rmset"));
    }
}
