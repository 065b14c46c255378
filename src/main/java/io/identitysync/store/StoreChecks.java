package io.identitysync.store;

import io.identitysync.config.Checks;

import java.nio.file.Files;
import java.nio.file.Path;

/** store.url: a SQLite URL whose file can be created or written. */
public final class StoreChecks {

    private StoreChecks() {
    }

    public static void check(Checks checks) {
        String url = checks.settings().get("store.url");
        if (!url.startsWith("jdbc:sqlite:")) {
            checks.add("store.url", "must be a jdbc:sqlite: URL, was '" + url + "'");
            return;
        }
        Path file = Store.fileOf(url);
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            checks.add("store.url", "the folder of " + file + " cannot be created or written");
        } else if (Files.exists(file) && (!Files.isRegularFile(file) || !Files.isWritable(file))) {
            checks.add("store.url", file + " is not a writable file");
        }
    }
}
