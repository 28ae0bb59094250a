package org.rmfer4j.spark;

import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.rmfer4j.rmset.RmsetEngine;

/** {@code ./rmfer rmset build --engine spark --master local[2]}: the Spark job behind the toolkit's command. */
public final class SparkRmsetEngine implements RmsetEngine {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String build(Request r, Consumer<String> log) {
        SparkSession.Builder b = SparkSession.builder()
                .appName("rmfer4j-rmset")
                .master(r.master())
                .config("spark.ui.enabled", "false");
        // a cluster master gets the jars and JVM options its executors lack (or the job refuses, naming spark-submit)
        String home = System.getProperty("rmfer.home");
        ClusterLaunch.settings(r.master(), home == null ? null : java.nio.file.Path.of(home))
                .forEach(b::config);
        SparkSession spark = b.getOrCreate();
        try {
            SparkRmset.Result res = SparkRmset.build(
                    spark,
                    new SparkRmset.Options(
                            r.videos().toString(),
                            r.out().toString(),
                            r.every(),
                            r.removal() == null ? null : r.removal().toString(),
                            r.manual() == null ? null : r.manual().toString(),
                            r.track(),
                            r.cropSize(),
                            r.search(),
                            r.detector(),
                            r.idRule(),
                            r.crops(),
                            r.segmentFrames(),
                            null),
                    log);
            String parquet = res.parquet().toString();
            log.accept("per video (Spark SQL):");
            log.accept(SparkRmsetStats.perVideo(spark, parquet).showString(100, 0, false));
            return res.headline() + "; Parquet index " + parquet;
        } finally {
            spark.stop();
        }
    }
}
