package org.rmfer4j.rmset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.DatasetException;
import org.rmfer4j.data.ImageRef;
import org.rmfer4j.data.Problem;

/** A crop stored in a video's shard ({@link CropShard}). */
public record ShardImage(Path shard, String member) implements ImageRef {
    @Override
    public BufferedImage load() {
        byte[] bytes;
        try {
            bytes = CropShard.read(shard, member);
        } catch (RmferException e) {
            throw new DatasetException(Problem.ofFile(source(), e.getMessage()), e);
        }
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new DatasetException(Problem.ofFile(source(), "not a decodable image (expected JPEG)"));
            }
            return img;
        } catch (IOException e) {
            throw new DatasetException(Problem.ofFile(source(), "image cannot be decoded: " + e.getMessage()), e);
        }
    }

    @Override
    public String source() {
        return shard + CropShard.MEMBER + member;
    }

    @Override
    public void check() {
        if (!CropShard.members(shard).containsKey(member)) {
            throw new DatasetException(Problem.ofFile(source(), "crop is missing from its shard"));
        }
    }
}
