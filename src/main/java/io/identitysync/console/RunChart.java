package io.identitysync.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A connector's runs over the last 30 days as inline SVG, drawn on the server: changes per run as bars (left scale),
 * duration as dots (right scale). Presentation attributes and classes only, no style attribute: the page's CSP allows
 * no inline style either.
 */
final class RunChart {

    static final Duration SPAN = Duration.ofDays(30);
    private static final int W = 640;
    private static final int H = 150;
    private static final int LEFT = 44;
    private static final int RIGHT = 44;
    private static final int TOP = 10;
    private static final int BOTTOM = 22;

    /** One run: when it started, how long it took, what it changed, and whether it succeeded. */
    record Point(Instant startedAt, double seconds, long changes, String status) {
    }

    private RunChart() {
    }

    static String svg(String connector, List<Point> points, Instant now) {
        Instant from = now.minus(SPAN);
        List<Point> shown = points.stream().filter(p -> !p.startedAt().isBefore(from)).toList();
        long maxChanges = Math.max(1, shown.stream().mapToLong(Point::changes).max().orElse(1));
        double maxSeconds = Math.max(1, shown.stream().mapToDouble(Point::seconds).max().orElse(1));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        long failed = shown.stream().filter(p -> !p.status().equals("succeeded")).count();
        String summary = shown.size() + " runs in the last 30 days for " + connector + ", " + failed + " not succeeded; at most " + maxChanges
                + " changes and " + seconds(maxSeconds) + " in one run";
        StringBuilder s = new StringBuilder(2048);
        s.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" width=\"").append(W)
                .append("\" height=\"").append(H).append("\" aria-label=\"").append(Html.esc(summary)).append("\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title>").append(Html.esc(summary)).append("</title>");
        // Axes and the two scales' tops.
        s.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "axis")).append(line(LEFT, TOP, LEFT, TOP + plotH, "axis"))
                .append(line(LEFT + plotW, TOP, LEFT + plotW, TOP + plotH, "axis"));
        s.append(text(LEFT - 4, TOP + 10, "end", "scale changes", Long.toString(maxChanges)))
                .append(text(LEFT - 4, TOP + plotH, "end", "scale changes", "0"))
                .append(text(LEFT + plotW + 4, TOP + 10, "start", "scale duration", seconds(maxSeconds)))
                .append(text(LEFT + plotW + 4, TOP + plotH, "start", "scale duration", "0 s"))
                .append(text(LEFT, H - 6, "start", "scale", "30 days ago")).append(text(LEFT + plotW, H - 6, "end", "scale", "now"));
        double span = SPAN.toMillis();
        for (Point p : shown) {
            double x = LEFT + plotW * (Duration.between(from, p.startedAt()).toMillis() / span);
            double barH = plotH * ((double) p.changes() / maxChanges);
            String tip = p.startedAt() + ": " + p.changes() + " changes, " + seconds(p.seconds()) + ", " + p.status();
            s.append(String.format(Locale.ROOT, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"4\" height=\"%.1f\"><title>%s</title></rect>",
                    p.status().equals("succeeded") ? "ok" : "bad", x - 2, TOP + plotH - barH, Math.max(barH, 1), Html.esc(tip)));
            double y = TOP + plotH - plotH * (p.seconds() / maxSeconds);
            s.append(String.format(Locale.ROOT, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s</title></circle>", x, y, Html.esc(tip)));
        }
        return s.append("</svg>").toString();
    }

    private static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f s", s);
    }

    private static String line(int x1, int y1, int x2, int y2, String cls) {
        return "<line class=\"" + cls + "\" x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\"/>";
    }

    private static String text(int x, int y, String anchor, String cls, String value) {
        return "<text class=\"" + cls + "\" x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\">" + Html.esc(value) + "</text>";
    }
}
