package org.rmfer4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a typed location becomes: local paths stay local; URIs need a route, and say where to get one. */
class LocationsTest {
    @Test
    void localPathsAndFileUris() {
        assertEquals(Path.of("runs/rmset"), Locations.of("runs/rmset"));
        assertEquals(Path.of("/tmp/rmset"), Locations.of("file:///tmp/rmset"));
        assertTrue(Locations.isLocal(Locations.of("/tmp/x")));
        assertFalse(Locations.isUri("/tmp/x"));
        assertFalse(Locations.isUri("C:/data"));
        assertTrue(Locations.isUri("hdfs://nn:8020/rmset"));
        assertTrue(Locations.isUri("s3a://bucket/rmset"));
    }

    @Test
    void aUriWithoutARouteSaysWhichModuleReadsIt() {
        // the toolkit alone has no Hadoop route (the Spark module registers one)
        RmferException e = assertThrows(RmferException.class, () -> Locations.of("hdfs://nn:8020/rmset"));
        assertTrue(e.getMessage().contains("hdfs://nn:8020/rmset"), e.getMessage());
        assertTrue(e.getMessage().contains("Spark module"), e.getMessage());
        RmferException bad = assertThrows(RmferException.class, () -> Locations.of("hdfs://nn:8020/a b"));
        assertTrue(bad.getMessage().contains("not a valid URI"), bad.getMessage());
    }
}
