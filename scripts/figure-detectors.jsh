// figures/fig-detectors.png: the default CNN detector beside two OpenCV cascades on a real group photo (issue 21).
// Run: ./rmfer jshell scripts/figure-detectors.jsh
Path photos = Provenance.home().resolve("toolkit/src/test/resources/org/rmfer4j/facedetect/photos");
var img = DetectorPictures.compare(photos.resolve("sample5.jpg"), "REAL photo: face-api 1.7.15 demo sample5.jpg (MIT), 5 faces counted by hand", 480, "ssd", "tiny", "haar-alt2", "lbp");
AtomicFiles.write(Provenance.home().resolve("figures/fig-detectors.png"), out -> javax.imageio.ImageIO.write(img, "png", out));
System.out.println("wrote figures/fig-detectors.png");
/exit
