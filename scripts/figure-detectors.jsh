// figures/fig-detectors.png: the default CNN detector beside two OpenCV cascades on a real group photo (issue 21).
// Run: ./rmfer jshell scripts/figure-detectors.jsh
var img = DetectorPictures.compare(DemoPhotos.sample5(), DemoPhotos.SAMPLE5_SOURCE, 480, "ssd", "tiny", "haar-alt2", "lbp");
AtomicFiles.write(Provenance.home().resolve("figures/fig-detectors.png"), out -> javax.imageio.ImageIO.write(img, "png", out));
System.out.println("wrote figures/fig-detectors.png");
/exit
