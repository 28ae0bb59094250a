package org.rmfer4j.rmset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.FfmpegLog;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.FileImage;

/**
 * A photo as a short still video (H.264 MP4), so that a group photo can go through the RMset pipeline as a real user
 * would try a detector on real faces. The video appears whole or not at all (written beside the target, then moved).
 */
public final class StillVideo {
    private StillVideo() {}

    /**
     * @param photo  a JPEG or PNG
     * @param video  the .mp4 to write
     * @param frames how many identical frames (1..10,000)
     * @param fps    frames per second (1..120)
     */
    public static Path write(Path photo, Path video, int frames, int fps) {
        if (frames < 1 || frames > 10_000 || fps < 1 || fps > 120) {
            throw new RmferException(
                    "StillVideo: frames must be in 1..10000 and fps in 1..120, got " + frames + " and " + fps);
        }
        BufferedImage img = new FileImage(photo).load(); // missing or undecodable: an error naming the file
        // H.264 in 4:2:0 needs even sizes
        int w = img.getWidth() & ~1;
        int h = img.getHeight() & ~1;
        if (w < 2 || h < 2) {
            throw new RmferException("The photo " + photo + " is too small for a video (" + img.getWidth() + "x"
                    + img.getHeight() + ")");
        }
        BufferedImage even = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        even.getGraphics().drawImage(img, 0, 0, null);
        Path tmp = video.resolveSibling("." + video.getFileName() + ".part.mp4");
        FfmpegLog.quiet();
        try {
            Files.createDirectories(video.toAbsolutePath().getParent());
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), w, h);
                    Java2DFrameConverter conv = new Java2DFrameConverter()) {
                rec.setFormat("mp4");
                rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setFrameRate(fps);
                rec.setVideoQuality(18); // visually lossless: the faces are the photo's
                rec.setVideoOption("threads", "1");
                rec.start();
                Frame f = conv.convert(even);
                for (int i = 0; i < frames; i++) {
                    rec.record(f);
                }
                rec.stop();
            }
            Files.move(tmp, video, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return video;
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTreeQuietly(tmp);
            throw e instanceof RmferException r ? r : AtomicFiles.failure("write the still video", video, e);
        }
    }
}
