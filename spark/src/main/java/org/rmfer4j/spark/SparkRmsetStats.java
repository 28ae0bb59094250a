package org.rmfer4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Dataset statistics over an RMset index with Spark SQL, with the same definitions as the local
 * {@link org.rmfer4j.rmset.RmsetStats} (so the numbers agree): per video frames with faces, IDs, face images and
 * coverage = faces / ((max frame + 1) · IDs); per ID faces, first and last frame and coverage over the video's frame
 * range; frames with a missing face; the detector-confidence distribution.
 */
public final class SparkRmsetStats {
    private SparkRmsetStats() {}

    private static void register(SparkSession spark, String parquet) {
        spark.read().parquet(parquet).createOrReplaceTempView("rmset");
    }

    public static Dataset<Row> perVideo(SparkSession spark, String parquet) {
        register(spark, parquet);
        return spark.sql(
                "SELECT video, COUNT(DISTINCT frameNum) AS frames, COUNT(DISTINCT faceID) AS ids, COUNT(*) AS faces, "
                        + "ROUND(COUNT(*) / ((MAX(frameNum) + 1) * COUNT(DISTINCT faceID)), 4) AS coverage FROM rmset GROUP BY video ORDER BY video");
    }

    public static Dataset<Row> perId(SparkSession spark, String parquet) {
        register(spark, parquet);
        return spark.sql(
                "SELECT r.video, r.faceID, COUNT(*) AS faces, MIN(r.frameNum) AS first, MAX(r.frameNum) AS last, "
                        + "ROUND(COUNT(*) / MAX(v.span), 4) AS coverage FROM rmset r JOIN (SELECT video, MAX(frameNum) + 1 AS span FROM rmset "
                        + "GROUP BY video) v ON r.video = v.video GROUP BY r.video, r.faceID ORDER BY r.video, r.faceID");
    }

    /** Per video: sampled frames (0 … max) in which at least one of the video's IDs has no face. */
    public static Dataset<Row> framesWithMissingFaces(SparkSession spark, String parquet) {
        register(spark, parquet);
        return spark.sql(
                "SELECT f.video, COUNT(*) AS frames_with_missing_face FROM (SELECT video, frameNum, COUNT(*) AS n FROM rmset "
                        + "GROUP BY video, frameNum) f JOIN (SELECT video, COUNT(DISTINCT faceID) AS ids FROM rmset GROUP BY video) i "
                        + "ON f.video = i.video WHERE f.n < i.ids GROUP BY f.video ORDER BY f.video");
    }

    /** Detector confidence: count, min, quartiles, max per video. */
    public static Dataset<Row> confidence(SparkSession spark, String parquet) {
        register(spark, parquet);
        return spark.sql("SELECT video, COUNT(*) AS faces, MIN(faceConf) AS min, PERCENTILE(faceConf, 0.25) AS q1, "
                + "PERCENTILE(faceConf, 0.5) AS median, PERCENTILE(faceConf, 0.75) AS q3, MAX(faceConf) AS max FROM rmset "
                + "GROUP BY video ORDER BY video");
    }
}
