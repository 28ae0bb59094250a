package org.rmfer4j.rmset;

import java.util.Locale;
import org.rmfer4j.core.RmferException;

/** How a video's crops are stored: one JPEG file per face (the paper's layout), or one shard per video. */
public enum CropLayout {
    /** {@code <video>/<video>_<frame>_<id>.jpg}: simple, for small sets. */
    FILES,
    /** {@code <video>/crops.tar}, the same JPEGs in one POSIX tar per video ({@link CropShard}). */
    TAR;

    public static CropLayout parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "files", "folder" -> FILES;
            case "tar", "shard", "shards" -> TAR;
            default -> throw new RmferException("Unknown crop layout '" + s + "'; expected files or tar");
        };
    }
}
