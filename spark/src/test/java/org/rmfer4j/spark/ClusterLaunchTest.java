package org.rmfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;

/** What the CLI tells a non-local Spark master, from the build's own files; what it refuses and how. */
class ClusterLaunchTest {
    @TempDir
    Path home;

    private void fakeBuild() throws Exception {
        Files.createDirectories(home.resolve("spark/target"));
        Files.createDirectories(home.resolve("toolkit/target/lib"));
        Files.createDirectories(home.resolve("toolkit/target/launch"));
        Files.writeString(home.resolve("spark/target/rmfer4j-spark.jar"), "x");
        Files.writeString(home.resolve("toolkit/target/rmfer4j-toolkit.jar"), "x");
        Files.writeString(home.resolve("toolkit/target/lib/javacv-1.5.7.jar"), "x");
        Files.writeString(home.resolve("toolkit/target/lib/nd4j-native-1.0.0-M2.1.jar"), "x");
        Files.writeString(home.resolve("toolkit/target/lib/README.txt"), "not a jar");
        Files.writeString(
                home.resolve("toolkit/target/launch/jvm.args"),
                "-Xmx4g -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2\n");
        Files.writeString(
                home.resolve("toolkit/target/launch/spark.args"), "--add-opens=java.base/java.nio=ALL-UNNAMED\n");
    }

    @Test
    void localMastersAndSparkSubmitNeedNothing() {
        for (String m : new String[] {"local", "local[2]", "local[*]", "local[2,3]"}) {
            assertTrue(ClusterLaunch.isLocal(m), m);
            assertEquals(Map.of(), ClusterLaunch.settings(m, null, false));
        }
        assertFalse(ClusterLaunch.isLocal("spark://127.0.0.1:7077"));
        assertEquals(Map.of(), ClusterLaunch.settings("yarn", null, true), "spark-submit brings its own --jars");
    }

    @Test
    void aClusterMasterGetsTheJarsAndExecutorOptionsOfTheBuild() throws Exception {
        fakeBuild();
        Map<String, String> c = ClusterLaunch.settings("spark://127.0.0.1:7077", home, false);
        String jars = c.get("spark.jars");
        assertTrue(
                jars.startsWith(
                        home.resolve("spark/target/rmfer4j-spark.jar").toUri().toString()),
                jars);
        assertTrue(
                jars.contains("rmfer4j-toolkit.jar")
                        && jars.contains("javacv-1.5.7.jar")
                        && jars.contains("nd4j-native"),
                jars);
        assertFalse(jars.contains("README"), "jars only");
        assertEquals(
                "--add-opens=java.base/java.nio=ALL-UNNAMED -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2",
                c.get("spark.executor.extraJavaOptions"),
                "Spark refuses -Xmx there: the cluster sizes executors");
        if (System.getenv("SPARK_LOCAL_IP") == null) {
            assertEquals("127.0.0.1", c.get("spark.driver.host"), "a loopback master keeps the driver on loopback");
        }
        Map<String, String> remote = ClusterLaunch.settings("yarn", home, false);
        assertFalse(remote.containsKey("spark.driver.host"));
    }

    @Test
    void withoutTheBuildTheJobRefusesAndNamesSparkSubmit() {
        RmferException e =
                assertThrows(RmferException.class, () -> ClusterLaunch.settings("spark://10.0.0.5:7077", home, false));
        assertTrue(
                e.getMessage().contains("rmfer4j-spark.jar is missing")
                        && e.getMessage().contains("spark-submit --master spark://10.0.0.5:7077"),
                e.getMessage());
        RmferException noHome = assertThrows(RmferException.class, () -> ClusterLaunch.settings("yarn", null, false));
        assertTrue(noHome.getMessage().contains("rmfer.home"), noHome.getMessage());
    }
}
