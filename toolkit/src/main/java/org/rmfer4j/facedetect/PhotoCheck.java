package org.rmfer4j.facedetect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.SafePaths;
import org.rmfer4j.rmset.Detection;
import org.rmfer4j.rmset.FaceDetector;

/**
 * A face detector against hand-counted faces on real photos: recall (faces found) and false faces (detections that are no
 * counted face, a second box on one face included). A detection finds a face when the face's centre lies inside it and
 * its width is within a factor 3 of the face's; each face and each detection counts once.
 */
public final class PhotoCheck {
    /** A counted face: centre and size in pixels. */
    public record Face(String photo, int cx, int cy, int w, int h) {}

    /** One photo's outcome. */
    public record Photo(String photo, int faces, int found, int falseFaces, List<Detection> detections) {}

    /** A detector's outcome on every photo, and its time per photo. */
    public record Result(String detector, List<Photo> photos, double secondsPerPhoto) {
        public int faces() {
            return photos.stream().mapToInt(Photo::faces).sum();
        }

        public int found() {
            return photos.stream().mapToInt(Photo::found).sum();
        }

        public int falseFaces() {
            return photos.stream().mapToInt(Photo::falseFaces).sum();
        }

        public double recall() {
            return faces() == 0 ? 0 : (double) found() / faces();
        }

        /** False faces per 20 real faces (the issue's unit). */
        public double falsePer20() {
            return faces() == 0 ? 0 : 20.0 * falseFaces() / faces();
        }

        public String line() {
            return String.format(
                    Locale.ROOT,
                    "%-26s recall %3d/%3d = %5.1f%%   false faces %3d (%.2f per 20 faces)   %.3f s/photo",
                    detector,
                    found(),
                    faces(),
                    100 * recall(),
                    falseFaces(),
                    falsePer20(),
                    secondsPerPhoto);
        }
    }

    private PhotoCheck() {}

    /** Reads {@code faces.csv} (photo,cx,cy,w,h; '#' lines are comments). Errors name the file and line. */
    public static List<Face> readFaces(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RmferException("Could not read " + csv + ": " + e.getMessage(), e);
        }
        List<Face> out = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.equals("photo,cx,cy,w,h")) {
                    throw new RmferException(csv + " line " + (i + 1) + ": expected the header photo,cx,cy,w,h");
                }
                header = true;
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 5) {
                throw new RmferException(
                        csv + " line " + (i + 1) + ": expected 5 fields photo,cx,cy,w,h, found " + f.length);
            }
            try {
                Face face = new Face(
                        f[0].strip(),
                        Integer.parseInt(f[1].strip()),
                        Integer.parseInt(f[2].strip()),
                        Integer.parseInt(f[3].strip()),
                        Integer.parseInt(f[4].strip()));
                if (face.w() <= 0 || face.h() <= 0) {
                    throw new NumberFormatException("sizes must be positive");
                }
                out.add(face);
            } catch (NumberFormatException e) {
                throw new RmferException(
                        csv + " line " + (i + 1) + ": cx, cy, w, h must be integers (w, h > 0): " + line);
            }
        }
        return out;
    }

    /** Runs a detector on every photo of the folder that {@code faces} names. */
    public static Result run(String name, FaceDetector detector, Path folder, List<Face> faces) {
        Map<String, List<Face>> byPhoto = new LinkedHashMap<>();
        faces.forEach(
                f -> byPhoto.computeIfAbsent(f.photo(), k -> new ArrayList<>()).add(f));
        List<Photo> photos = new ArrayList<>();
        long nanos = 0;
        for (Map.Entry<String, List<Face>> e : byPhoto.entrySet()) {
            Path file = SafePaths.resolveInside(folder, e.getKey(), "photo");
            try (Mat bgr = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
                if (bgr.empty()) {
                    throw new RmferException("Could not read the photo " + file + " (missing, or not an image)");
                }
                long t0 = System.nanoTime();
                List<Detection> dets = detector.detect(bgr);
                nanos += System.nanoTime() - t0;
                photos.add(score(e.getKey(), e.getValue(), dets));
            }
        }
        return new Result(name, photos, photos.isEmpty() ? 0 : nanos / 1e9 / photos.size());
    }

    /** Matches detections to counted faces, greedily by distance between centres. */
    static Photo score(String photo, List<Face> faces, List<Detection> dets) {
        boolean[] faceUsed = new boolean[faces.size()];
        boolean[] detUsed = new boolean[dets.size()];
        List<double[]> pairs = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            Face face = faces.get(f);
            for (int d = 0; d < dets.size(); d++) {
                Detection det = dets.get(d);
                boolean inside = face.cx() >= det.x()
                        && face.cx() <= det.x() + det.w()
                        && face.cy() >= det.y()
                        && face.cy() <= det.y() + det.h();
                double ratio = (double) det.w() / face.w();
                if (inside && ratio >= 1 / 3.0 && ratio <= 3) {
                    double dx = det.x() + det.w() / 2.0 - face.cx();
                    double dy = det.y() + det.h() / 2.0 - face.cy();
                    pairs.add(new double[] {dx * dx + dy * dy, f, d});
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(a[0], b[0]));
        int found = 0;
        for (double[] p : pairs) {
            int f = (int) p[1];
            int d = (int) p[2];
            if (!faceUsed[f] && !detUsed[d]) {
                faceUsed[f] = true;
                detUsed[d] = true;
                found++;
            }
        }
        return new Photo(photo, faces.size(), found, dets.size() - found, List.copyOf(dets));
    }
}
