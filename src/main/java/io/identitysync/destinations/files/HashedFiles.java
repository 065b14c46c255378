package io.identitysync.destinations.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /** A new file, written through a 64 KB buffer; its hash is ready when it is closed. */
    Output create(Path file) throws IOException {
        return new Output(Files.newOutputStream(file));
    }

    @Override
    public void close() {
        hasher.shutdownNow();
    }

    /** One file being written. Each full buffer goes to the file here and to the digest on the hasher, in order. */
    final class Output extends OutputStream {
        private final OutputStream file;
        private final MessageDigest digest;
        private byte[] buffer = new byte[CHUNK];
        private int used;

        private Output(OutputStream file) {
            this.file = file;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (used == buffer.length) {
                    flush();
                }
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(bytes, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
            }
        }

        /** Hands the buffer to the file and to the hasher, and starts a new one (the hasher owns the old one now). */
        @Override
        public void flush() throws IOException {
            if (used == 0) {
                return;
            }
            file.write(buffer, 0, used);
            byte[] full = buffer;
            int length = used;
            try {
                ahead.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while hashing", e);
            }
            hasher.execute(() -> {
                digest.update(full, 0, length);
                ahead.release();
            });
            buffer = new byte[CHUNK];
            used = 0;
        }

        /** The file's SHA-256 in hex, once everything written so far is hashed. */
        String hex() throws IOException {
            flush();
            try {
                return hasher.submit(() -> HexFormat.of().formatHex(digest.digest())).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while hashing", e);
            } catch (ExecutionException e) {
                throw new UncheckedIOException(new IOException("cannot hash the export", e.getCause()));
            }
        }

        @Override
        public void close() throws IOException {
            flush();
            file.close();
        }
    }
}
