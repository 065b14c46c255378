package io.identitysync.destinations.files;

import io.identitysync.core.PrivateFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The files of one export, each with its SHA-256 computed on a thread of its own while the next rows are read and
 * written. A one-shot run keeps to the JIT's first tier, where the JDK's SHA-256 does about 160 MB/s (the second
 * tier's intrinsic, 2 GB/s): on the writing thread, hashing a 100,000-person export (164 MB) took one of its three seconds.
 */
final class HashedFiles implements AutoCloseable {

    private static final int CHUNK = 1 << 16;
    /** Chunks written but not hashed yet, at most: what a hasher behind the writer holds (4 MB). */
    private static final int AHEAD = 64;

    private final ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "export-sha256");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore ahead = new Semaphore(AHEAD);
    private final Set<PosixFilePermission> mode;

    /** @param mode of every file created ({@code files.mode}) */
    HashedFiles(Set<PosixFilePermission> mode) {
        this.mode = mode;
    }

    /** A new file, written through a 64 KB buffer. */
    Output create(Path file) throws IOException {
        return new Output(new Sink(PrivateFiles.newOutputStream(file, mode)));
    }

    @Override
    public void close() {
        hasher.shutdownNow();
    }

    /** One file being written; {@link #hex} once everything is written. */
    static final class Output extends BufferedOutputStream {
        private final Sink sink;

        private Output(Sink sink) {
            super(sink, CHUNK);
            this.sink = sink;
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The file's SHA-256 in hex, once everything written so far is hashed. */
        String hex() throws IOException {
            flush();
            return sink.hex();
        }
    }

    /** Where a file's bytes go: to the file here, and a copy of them to its digest on the hasher, in order. */
    private final class Sink extends OutputStream {
        private final OutputStream file;
        private final MessageDigest digest;

        private Sink(OutputStream file) {
            this.file = file;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            file.write(bytes, offset, length);
            byte[] copy = Arrays.copyOfRange(bytes, offset, offset + length);
            try {
                ahead.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while hashing", e);
            }
            hasher.execute(() -> {
                digest.update(copy);
                ahead.release();
            });
        }

        String hex() throws IOException {
            try {
                return hasher.submit(() -> HexFormat.of().formatHex(digest.digest())).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while hashing", e);
            } catch (ExecutionException e) {
                throw new IOException("cannot hash the export", e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
