package org.rmfer4j.core;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg prints every stream's metadata on each open at its INFO level, burying the toolkit's own progress lines.
 * Quiet it to errors (set {@code -Drmfer.ffmpeg.log=info} to see everything again).
 */
public final class FfmpegLog {
    private static volatile boolean done;

    private FfmpegLog() {}

    /** Applies the log level once per JVM (idempotent; FFmpeg's level is process-global anyway). */
    public static void quiet() {
        if (!done) {
            done = true;
            boolean verbose = "info".equalsIgnoreCase(System.getProperty("rmfer.ffmpeg.log"));
            avutil.av_log_set_level(verbose ? avutil.AV_LOG_INFO : avutil.AV_LOG_ERROR);
        }
    }
}
