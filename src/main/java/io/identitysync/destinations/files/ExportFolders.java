package io.identitysync.destinations.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A connector's export folders: one per successful run, named by its start (20261202T0300Z, then -1, -2… for runs
 * started within one second). The newest {@code files.keep} stay; older ones, and what a crash left half-written
 * (.….tmp), go once a newer export is complete.
 */
final class ExportFolders {

    private ExportFolders() {
    }

    /** Oldest first. */
    static final Comparator<String> BY_AGE = Comparator.comparing((String name) -> name.contains("-") ? name.substring(0, name.indexOf('-')) : name)
            .thenComparingInt(name -> name.contains("-") ? Integer.parseInt(name.substring(name.indexOf('-') + 1)) : 0);

    /** The folder for a run that started at {@code name}: that name, or name-N after the highest N there is. */
    static Path next(Path dir, String name) throws IOException {
        int highest = -1;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String f = p.getFileName().toString();
                if (f.equals(name)) {
                    highest = Math.max(highest, 0);
                } else if (f.startsWith(name + "-") && f.substring(name.length() + 1).matches("\\d+")) {
                    highest = Math.max(highest, Integer.parseInt(f.substring(name.length() + 1)));
                }
            }
        }
        return dir.resolve(highest < 0 ? name : name + "-" + (highest + 1));
    }

    /** Removes all but the newest {@code keep} folders of {@code dir}, and any folder left half-written; how many went. */
    static int prune(Path dir, int keep) throws IOException {
        List<Path> runs = new ArrayList<>();
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(Files::isDirectory).toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    leftovers.add(p);
                } else if (name.matches("\\d{8}T\\d{6}Z(-\\d+)?")) {
                    runs.add(p);
                }
            }
        }
        runs.sort(Comparator.comparing(p -> p.getFileName().toString(), BY_AGE));
        List<Path> old = new ArrayList<>(runs.subList(0, Math.max(0, runs.size() - keep)));
        old.addAll(leftovers);
        for (Path folder : old) {
            delete(folder);
        }
        return old.size();
    }

    private static void delete(Path folder) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
