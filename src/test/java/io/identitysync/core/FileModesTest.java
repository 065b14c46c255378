package io.identitysync.core;

import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.store.Store;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 33: what we write is private whatever the umask. The service runs as a child process under {@code umask 022}
 * (a shell's usual one, which leaves files 0644 and folders 0755), and every file and folder it made is inspected.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class FileModesTest {

    @TempDir
    Path dir;

    @Test
    void aRunUnderUmask022LeavesTheStoreTheExportsAndABackupPrivate() throws Exception {
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(30, 3))) {
            Path store = dir.resolve("data").resolve("identity.db");
            fx.set("store.url", "jdbc:sqlite:" + store).set("files.dir", dir.resolve("out").resolve("exports").toString())
                    .set("teamtailor.enabled", "false");
            assertEquals(0, underUmask("022", fx, dir.resolve("run"), "--once"), read(dir.resolve("run.err")));
            assertEquals("rwx------", mode(store.getParent()));
            assertEquals("rw-------", mode(store));
            List<Path> exports = tree(dir.resolve("out"));
            assertTrue(exports.stream().anyMatch(p -> p.toString().endsWith("users.ndjson")), exports.toString());
            for (Path p : exports) {
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
            }
            Path backup = dir.resolve("identity-backup.db");
            assertEquals(0, underUmask("022", fx, dir.resolve("backup"), "backup", "--to=" + backup), read(dir.resolve("backup.err")));
            assertEquals("rw-------", mode(backup));
        }
    }

    @Test
    void theStoresLogAndSharedMemoryFilesTakeTheStoresMode() throws Exception {
        Path file = dir.resolve("wal").resolve("identity.db");
        try (Store store = new Store("jdbc:sqlite:" + file).migrate(); Connection c = store.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("CREATE TABLE IF NOT EXISTS t (x TEXT)");
            s.execute("INSERT INTO t VALUES ('x')");
            Path wal = Path.of(file + "-wal");
            Path shm = Path.of(file + "-shm");
            assertTrue(Files.exists(wal) && Files.exists(shm), "WAL mode keeps -wal and -shm while a connection is open");
            assertEquals("rw-------", mode(file));
            assertEquals("rw-------", mode(wal));
            assertEquals("rw-------", mode(shm));
        }
    }

    @Test
    void anOperatorOpensTheExportsToTheGroupDeliberately() throws Exception {
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(10, 3))) {
            sqlite(fx);
            fx.set("files.mode", "0640").set("files.dir-mode", "750").set("teamtailor.enabled", "false");
            // 077 would take the group bits away: the modes are set explicitly, not left to the umask.
            assertEquals(0, underUmask("077", fx, dir.resolve("run"), "--once"), read(dir.resolve("run.err")));
            for (Path p : tree(dir.resolve("exports"))) {
                assertEquals(Files.isDirectory(p) ? "rwxr-x---" : "rw-r-----", mode(p), p.toString());
            }
            assertEquals("rw-------", mode(dir.resolve("identity.db")), "the store stays private");
        }
    }

    @Test
    void aModeThatIsNotOneIsRefusedNamingItsKey() throws Exception {
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(10, 3))) {
            sqlite(fx);
            SyncFixture.Cli cli = fx.set("files.mode", "rw-r--r--").runCli("check");
            assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code());
            assertTrue(cli.err().contains("files.mode: 'rw-r--r--' is not a file mode such as 0600"), cli.err());
            cli = fx.set("files.mode", "0600").set("files.dir-mode", "0800").runCli("check");
            assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code());
            assertTrue(cli.err().contains("files.dir-mode: '0800' is not a file mode"), cli.err());
            assertFalse(Files.exists(dir.resolve("identity.db")), "nothing is created before the configuration is good");
        }
    }

    @Test
    void anExistingLooserStoreOrExportFolderIsWarnedAboutOnceAndLeftAlone() throws Exception {
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(10, 3))) {
            sqlite(fx);
            fx.set("teamtailor.enabled", "false");
            Path store = dir.resolve("identity.db");
            Files.createFile(store, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
            Path exports = Files.createDirectory(dir.resolve("exports"));
            Files.setPosixFilePermissions(exports, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertEquals(0, underUmask("022", fx, dir.resolve("run"), "--once"), read(dir.resolve("run.err")));
            String err = read(dir.resolve("run.err"));
            assertEquals(1, count(err, "store.url: " + store.toAbsolutePath() + " is 0644"), err);
            assertEquals(1, count(err, "files.dir: " + exports.toAbsolutePath() + " is 0755"), err);
            assertEquals("rw-r--r--", mode(store), "a user's file is never chmod-ed");
            assertEquals("rwxr-xr-x", mode(exports));
            for (Path p : tree(exports)) {
                if (!p.equals(exports)) {
                    assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
                }
            }
        }
    }

    @Test
    void modesReadAndPrintAsOctal() {
        assertEquals("0640", PrivateFiles.octal(PrivateFiles.parseMode("640")));
        assertEquals("0600", PrivateFiles.octal(PrivateFiles.FILE));
        assertEquals("0700", PrivateFiles.octal(PrivateFiles.DIR));
        assertEquals(PosixFilePermissions.fromString("rwxr-x--x"), PrivateFiles.parseMode("0751"));
    }

    /** The store is a file here, whichever store the suite runs on. */
    private void sqlite(SyncFixture fx) {
        fx.set("store.url", "jdbc:sqlite:" + dir.resolve("identity.db"));
    }

    /** The command line in a child JVM started by a shell with that umask; its output in name.out and name.err. */
    private static int underUmask(String umask, SyncFixture fx, Path name, String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                IdentitySync.class.getName()));
        command.addAll(List.of(fx.cli(words)));
        Process p = new ProcessBuilder(command).directory(fx.dir.toFile())
                .redirectOutput(Path.of(name + ".out").toFile()).redirectError(Path.of(name + ".err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not finish: " + read(Path.of(name + ".err")));
        }
        return p.exitValue();
    }

    private static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
