package io.identitysync.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and folders readable by no one else on the machine, whatever the process's umask: each is created with its
 * mode as an attribute (so it is never open to others, not even for a moment) and then set explicitly (the umask
 * narrows the attribute, and an operator may ask for a group bit the umask removes). Only what we create gets a
 * mode: a user's existing file is never chmod-ed, at most warned about ({@link #warnIfLooser}).
 */
public final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    /** 0600 and 0700: the defaults of {@code files.mode} and {@code files.dir-mode}, and the store's modes. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** A file system without POSIX modes (Windows) keeps its own access rules: nothing to set there. */
    public static boolean posix(Path path) {
        return path.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** {@code 0640} (or {@code 640}) as permissions; refused unless it is three or four octal digits. */
    public static Set<PosixFilePermission> parseMode(String octal) {
        String t = octal == null ? "" : octal.trim();
        if (!t.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("'" + octal + "' is not a file mode such as 0600 or 0640 (three octal digits, owner, group, others)");
        }
        int bits = Integer.parseInt(t, 8);
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, the octal order
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << (8 - i))) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }

    /** The permissions as {@code 0640}. */
    public static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        PosixFilePermission[] order = PosixFilePermission.values();
        for (int i = 0; i < order.length; i++) {
            if (mode.contains(order[i])) {
                bits |= 1 << (8 - i);
            }
        }
        return String.format("0%o", bits);
    }

    /** Creates the folder and every missing parent, each with {@code mode}; folders that already exist stay as they are. */
    public static Path createDirectories(Path dir, Set<PosixFilePermission> mode) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        if (abs.getParent() != null) {
            createDirectories(abs.getParent(), mode);
        }
        try {
            createDirectory(abs, mode);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        return dir;
    }

    /** A new folder with {@code mode}; fails if it exists. */
    public static Path createDirectory(Path dir, Set<PosixFilePermission> mode) throws IOException {
        if (!posix(dir)) {
            return Files.createDirectory(dir);
        }
        Files.createDirectory(dir, attribute(mode));
        Files.setPosixFilePermissions(dir, mode);
        return dir;
    }

    /** A new, empty file with {@code mode}; fails if it exists. */
    public static Path createFile(Path file, Set<PosixFilePermission> mode) throws IOException {
        if (!posix(file)) {
            return Files.createFile(file);
        }
        Files.createFile(file, attribute(mode));
        Files.setPosixFilePermissions(file, mode);
        return file;
    }

    /** The file created with {@code mode} unless it exists (then it keeps its own mode); true when it was created. */
    public static boolean createIfAbsent(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            createFile(file, mode);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Writes a file from scratch: created with {@code mode} if new, truncated if it exists. */
    public static OutputStream newOutputStream(Path file, Set<PosixFilePermission> mode) throws IOException {
        createIfAbsent(file, mode);
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static void writeString(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        try (OutputStream out = newOutputStream(file, mode)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * One warning when an existing file or folder grants more than {@code mode} (say, a store made 0644 before we
     * set modes): naming the path and the chmod that would close it. Nothing is changed. True when it warned.
     */
    public static boolean warnIfLooser(Path path, Set<PosixFilePermission> mode, String key) {
        String looser = looser(path, mode);
        if (looser == null) {
            return false;
        }
        LOG.warn("{}: {} is {}, open beyond {}: existing files are left as they are (chmod {} {} closes it)",
                key, path.toAbsolutePath(), looser, octal(mode), octal(mode).substring(1), path.toAbsolutePath());
        return true;
    }

    /** The path's mode as {@code 0644} when it grants anything {@code mode} does not, else null (also when it is absent). */
    public static String looser(Path path, Set<PosixFilePermission> mode) {
        if (!Files.exists(path) || !posix(path)) {
            return null;
        }
        try {
            Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
            Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
            extra.addAll(actual);
            extra.removeAll(mode);
            return extra.isEmpty() ? null : octal(actual);
        } catch (IOException e) {
            return null;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }
}
