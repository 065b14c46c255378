package io.identitysync.bench;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark measures besides the runs themselves: the fetch floor, a child's heap and RSS, the store's size. */
final class BenchProbes {

    static final String TOKEN = "bench-token-not-secret";
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\(");

    private BenchProbes() {
    }

    /**
     * The bare loop: the same pages, same page size, only the cursor read out of each answer; seconds per path. On
     * Apache HttpClient 5 with one kept-alive connection, as the runs' HTTP component fetches: a slower client here
     * (the JDK's took ~10% longer per page) would make the floor easier to come close to.
     */
    static Map<String, Double> fetchFloor(String baseUrl, int pageSize, List<String> paths) throws Exception {
        Pattern next = Pattern.compile("\"has_next_page\":(true|false)");
        Pattern cursor = Pattern.compile("\"end_cursor\":\"?([^\",}]*)");
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (CloseableHttpClient http = HttpClients.createMinimal()) {
            for (String path : paths) {
                long start = System.nanoTime();
                String after = null;
                while (true) {
                    HttpGet get = new HttpGet(baseUrl + "/resources/" + path + "?limit=" + pageSize + (after == null ? "" : "&after_id=" + after));
                    get.setHeader("x-api-key", TOKEN);
                    String body = http.execute(get, response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
                    Matcher m = next.matcher(body);
                    if (!m.find() || m.group(1).equals("false")) {
                        break;
                    }
                    Matcher c = cursor.matcher(body);
                    c.find();
                    after = c.group(1);
                }
                seconds.put(path, (System.nanoTime() - start) / 1e9);
            }
        }
        return seconds;
    }

    static long rssHighWaterKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process ended between two looks.
        }
        return 0;
    }

    /** The largest heap occupancy any GC saw (before or after it), from -Xlog:gc. */
    static long peakHeapMb(Path gcLog) throws IOException {
        long peak = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_HEAP.matcher(line);
                while (m.find()) {
                    peak = Math.max(peak, Math.max(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
                }
            }
        }
        return peak;
    }

    /** The store's size: the SQLite files in dir, or the PostgreSQL database's. */
    static long dbBytes(Path dir, String storeUrl) throws Exception {
        if (!storeUrl.startsWith("jdbc:postgresql:")) {
            return dbBytes(dir);
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(storeUrl); Statement s = c.createStatement()) {
            return count(s, "SELECT pg_database_size(current_database())");
        }
    }

    static long dbBytes(Path dir) throws IOException {
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("identity.db")).toList()) {
                total += Files.size(f);
            }
        }
        return total;
    }

    /** SQLite: the bytes of the pages in use (the file less its free pages); PostgreSQL: the database's size. */
    static long usedBytes(String storeUrl) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(storeUrl); Statement s = c.createStatement()) {
            if (storeUrl.startsWith("jdbc:postgresql:")) {
                return count(s, "SELECT pg_database_size(current_database())");
            }
            return (count(s, "PRAGMA page_count") - count(s, "PRAGMA freelist_count")) * count(s, "PRAGMA page_size");
        }
    }

    static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static String lastLines(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
