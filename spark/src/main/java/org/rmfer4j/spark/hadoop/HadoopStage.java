package org.rmfer4j.spark.hadoop;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.rmset.RmsetBuilder;

/**
 * A local scratch copy of part of an RMset whose home is a Hadoop file system. The toolkit's builder writes local
 * folders (atomic moves, fsync, disk-full checks); a task builds into this scratch folder and {@link #push}es the
 * finished folder: uploaded into {@code .partial-<name>} with every done record last, checked file by file against the
 * local sizes, then renamed into place (atomic on HDFS; on object stores a rename is a copy, and the done record is
 * what marks a folder complete, as it is for the builder's re-run check). A task that dies mid-upload leaves only the
 * partial folder, which the next attempt deletes.
 */
public final class HadoopStage implements AutoCloseable {
    /** Where the RMset lives and the settings to reach it; serialisable, so tasks carry it. */
    public record Remote(String root, Map<String, String> conf) implements Serializable {}

    private final Remote remote;
    private final FileSystem fs;
    private final org.apache.hadoop.fs.Path root;
    private final Path local;

    public HadoopStage(Remote remote) {
        this.remote = remote;
        this.root = new org.apache.hadoop.fs.Path(URI.create(strip(remote.root())));
        try {
            this.fs = root.getFileSystem(HadoopPaths.configuration(remote.conf()));
            this.local = Files.createTempDirectory("rmfer-stage-");
        } catch (IOException e) {
            throw new RmferException("Cannot stage " + remote.root() + ": " + e.getMessage(), e);
        }
    }

    private static String strip(String s) {
        return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }

    /** The local folder standing in for the RMset root. */
    public Path local() {
        return local;
    }

    /** The RMset root's Hadoop path. */
    public org.apache.hadoop.fs.Path root() {
        return root;
    }

    private org.apache.hadoop.fs.Path remote(String rel) {
        return new org.apache.hadoop.fs.Path(root, rel);
    }

    /** Creates the RMset root on its file system. */
    public void createRoot() {
        try {
            fs.mkdirs(root);
        } catch (IOException e) {
            throw new RmferException("Cannot create " + remote.root() + ": " + e.getMessage(), e);
        }
    }

    /** Copies the remote file {@code rel} (if it exists) to the same place under {@link #local()}; true if copied. */
    public boolean pullFile(String rel) {
        try (InputStream in = fs.open(remote(rel))) {
            Path to = local.resolve(rel);
            Files.createDirectories(to.getParent());
            Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new RmferException("Cannot read " + remote(rel) + ": " + e.getMessage(), e);
        }
    }

    /** Copies the remote folder {@code rel} and everything in it under {@link #local()}; false if it does not exist. */
    public boolean pullTree(String rel) {
        try {
            if (!fs.exists(remote(rel))) {
                return false;
            }
            pullInto(remote(rel), local.resolve(rel));
            return true;
        } catch (IOException e) {
            throw new RmferException("Cannot read " + remote(rel) + ": " + e.getMessage(), e);
        }
    }

    private void pullInto(org.apache.hadoop.fs.Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (FileStatus s : fs.listStatus(from)) {
            String name = s.getPath().getName();
            if (s.isDirectory()) {
                pullInto(s.getPath(), to.resolve(name));
            } else {
                try (InputStream in = fs.open(s.getPath())) {
                    Files.copy(in, to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Uploads the local folder {@code rel} to the same place on the remote file system, replacing what is there: into
     * {@code .partial-<last name>} beside it (done records last), then renamed into place.
     *
     * @return the bytes uploaded
     */
    public long push(String rel) {
        Path from = local.resolve(rel);
        org.apache.hadoop.fs.Path target = remote(rel);
        org.apache.hadoop.fs.Path partial =
                new org.apache.hadoop.fs.Path(target.getParent(), ".partial-" + target.getName());
        try {
            fs.delete(partial, true);
            long bytes = upload(from, partial);
            fs.delete(target, true);
            if (!fs.rename(partial, target)) {
                throw new IOException("rename " + partial + " -> " + target + " refused");
            }
            return bytes;
        } catch (IOException e) {
            try {
                fs.delete(partial, true);
            } catch (IOException ignored) {
                // the upload's own failure is what to report
            }
            throw new RmferException("Cannot upload " + from + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Uploads one local file, through a temporary name beside it, replacing the remote one. */
    public long pushFile(String rel) {
        org.apache.hadoop.fs.Path target = remote(rel);
        org.apache.hadoop.fs.Path tmp =
                new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            long n = copy(local.resolve(rel), tmp);
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " refused");
            }
            return n;
        } catch (IOException e) {
            throw new RmferException(
                    "Cannot upload " + local.resolve(rel) + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the remote {@code rel} (a file or a folder with everything in it), if present. */
    public void deleteRemote(String rel) {
        try {
            fs.delete(remote(rel), true);
        } catch (IOException e) {
            throw new RmferException("Cannot delete " + remote(rel) + ": " + e.getMessage(), e);
        }
    }

    /** Whether the remote {@code rel} exists. */
    public boolean exists(String rel) {
        try {
            return fs.exists(remote(rel));
        } catch (IOException e) {
            throw new RmferException("Cannot reach " + remote(rel) + ": " + e.getMessage(), e);
        }
    }

    private long upload(Path from, org.apache.hadoop.fs.Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
        }
        // done records last: a folder holding one is complete wherever the upload stops
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals(RmsetBuilder.DONE_RECORD))
                .thenComparing(Path::toString));
        fs.mkdirs(to);
        long bytes = 0;
        for (Path f : files) {
            String rel = from.relativize(f).toString().replace(java.io.File.separatorChar, '/');
            bytes += copy(f, new org.apache.hadoop.fs.Path(to, rel));
        }
        return bytes;
    }

    /** Copies one local file to {@code to} and checks the remote size. */
    private long copy(Path f, org.apache.hadoop.fs.Path to) throws IOException {
        long size = Files.size(f);
        try (FSDataOutputStream out = fs.create(to, true);
                OutputStream o = out) {
            Files.copy(f, o);
        }
        long got = fs.getFileStatus(to).getLen();
        if (got != size) {
            throw new IOException(to + " holds " + got + " bytes after the upload of " + size + " from " + f);
        }
        return size;
    }

    /** Deletes the scratch folder. */
    @Override
    public void close() {
        AtomicFiles.deleteTree(local);
    }
}
