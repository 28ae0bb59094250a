package org.rmfer4j.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;

/**
 * One training at a time per run directory: an exclusive lock on {@code <run>/.lock} for as long as the run trains. Two
 * processes training into one run would interleave their rows in its logs and overwrite each other's checkpoints (seen:
 * a JShell agent that outlived its killed front end kept training while the script was run again). The operating
 * system releases the lock when a process dies, so a killed run resumes without a stale lock to delete.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the run's lock, or fails naming the run when another training (in any process) holds it. */
    static RunLock take(Path runRoot) {
        Path file = runRoot.resolve(FILE);
        FileChannel ch;
        try {
            Files.createDirectories(runRoot);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw AtomicFiles.failure("lock the run", file, e);
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this JVM
        } catch (IOException e) {
            closeQuietly(ch);
            throw AtomicFiles.failure("lock the run", file, e);
        }
        if (l == null) {
            closeQuietly(ch);
            throw new RmferException("The run " + runRoot + " is being trained by another process or thread (it holds "
                    + file
                    + "); two trainings into one run would mix their logs and checkpoints. Wait for it, stop it, "
                    + "or give this training another run directory");
        }
        return new RunLock(ch, l);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the lock failure is what to report
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new RmferException("Could not release the run lock " + lock + ": " + e.getMessage(), e);
        }
    }
}
