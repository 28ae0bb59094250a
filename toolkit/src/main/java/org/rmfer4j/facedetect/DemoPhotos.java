package org.rmfer4j.facedetect;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.rmfer4j.core.RmferException;

/**
 * One real group photo shipped in the jar for teaching (notebook 01, the README's figure): the face-api package's demo
 * {@code sample5.jpg} (npm {@code @vladmandic/face-api} 1.7.15, MIT; the licence is beside it in the jar), five faces
 * counted by hand. The six photos with their counts are the tests' ({@code src/test/resources/.../photos/faces.csv}).
 */
public final class DemoPhotos {
    /** Where the photo comes from, for captions. */
    public static final String SAMPLE5_SOURCE =
            "REAL photo: face-api 1.7.15 demo sample5.jpg (MIT), 5 faces counted by hand";

    private DemoPhotos() {}

    /** The photo, decoded. */
    public static BufferedImage sample5() {
        try (InputStream in = DemoPhotos.class.getResourceAsStream("/org/rmfer4j/facedetect/photos/sample5.jpg")) {
            if (in == null) {
                throw new RmferException(
                        "The demo photo is missing from the toolkit's jar (a broken build: ./rmfer setup)");
            }
            BufferedImage img = ImageIO.read(in);
            if (img == null) {
                throw new RmferException("The demo photo in the toolkit's jar cannot be decoded");
            }
            return img;
        } catch (IOException e) {
            throw new RmferException("Could not read the demo photo from the toolkit's jar: " + e.getMessage(), e);
        }
    }
}
