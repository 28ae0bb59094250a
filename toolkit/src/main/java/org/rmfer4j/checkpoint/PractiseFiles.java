package org.rmfer4j.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.rmfer4j.core.RmferException;

/**
 * A checkpoint to practise the import on when no real one is at hand: a randomly initialised torchvision ResNet-18
 * saved by Debian's {@code python3-torchvision} (the toolkit never downloads weights). Its predictions mean nothing;
 * the calls, the file format and the checks are the real ones. Notebook 02 uses it unless {@code RMFER_CHECKPOINT}
 * names a file of your own (an MS-Celeb ResNet-18, say).
 */
public final class PractiseFiles {
    static final String PYTHON = "/usr/bin/python3";

    private PractiseFiles() {}

    /** Writes {@code resnet18-random.pth} (a state dict, {@code classes} outputs) into {@code dir} unless it is there. */
    public static Path torchvisionResNet18(Path dir, int classes) {
        Path out = dir.resolve("resnet18-random-" + classes + ".pth");
        if (Files.isRegularFile(out)) {
            return out;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".resnet18-random.pth.part");
            Process p = new ProcessBuilder(
                            PYTHON,
                            "-c",
                            "import sys, torch, torchvision; torch.manual_seed(0); "
                                    + "torch.save(torchvision.models.resnet18(num_classes=int(sys.argv[2])).state_dict(), sys.argv[1])",
                            tmp.toString(),
                            String.valueOf(classes))
                    .redirectErrorStream(true)
                    .start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new RmferException("Could not make a practice ResNet-18 with " + PYTHON
                        + " (install python3-torch and "
                        + "python3-torchvision, or set RMFER_CHECKPOINT to a .pth of your own): " + log.strip());
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new RmferException("Could not run " + PYTHON + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RmferException("Interrupted", e);
        }
    }
}
