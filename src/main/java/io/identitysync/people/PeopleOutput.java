package io.identitysync.people;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** People and a person's history for an operator (text), a script (JSON) or a spreadsheet (CSV, RFC 4180). */
public final class PeopleOutput {

    /** How the people commands print. */
    public enum Format {
        text, json, csv
    }

    private PeopleOutput() {
    }

    public static ObjectNode json(PersonHistory.History h) {
        ObjectNode doc = Rows.JSON.createObjectNode();
        doc.set("person", People.json(h.person()));
        doc.set("current", h.current());
        ArrayNode timeline = doc.putArray("timeline");
        for (PersonHistory.Entry e : h.timeline()) {
            ObjectNode o = timeline.addObject().put("at", e.at()).put("kind", e.kind()).put("run_id", e.runId()).put("what", e.what());
            o.set("details", e.details());
        }
        return doc;
    }

    public static void print(PersonHistory.History h, Format format, PrintStream out) {
        switch (format) {
            case json -> out.println(json(h).toPrettyString());
            case csv -> {
                out.println("at,kind,run_id,what");
                for (PersonHistory.Entry e : h.timeline()) {
                    out.println(row(e.at(), e.kind(), e.runId(), e.what()));
                }
            }
            case text -> {
                People.Person p = h.person();
                out.println(p.who() + (p.username() == null ? "" : " " + p.username()) + (p.email() == null ? "" : " <" + p.email() + ">")
                        + (p.displayName() == null ? "" : " (" + p.displayName() + ")") + ": " + p.status());
                if (h.timeline().isEmpty()) {
                    out.println("  nothing recorded (within store.retention)");
                }
                for (PersonHistory.Entry e : h.timeline()) {
                    out.printf("  %s  %-8s %s%s%n", e.at(), e.kind(), e.what(), e.runId() == null || e.kind().equals("delivery") ? "" : "  [" + e.runId() + "]");
                }
            }
        }
    }

    public static void print(List<People.Person> people, Format format, PrintStream out) {
        switch (format) {
            case json -> {
                ArrayNode all = Rows.JSON.createArrayNode();
                people.forEach(p -> all.add(People.json(p)));
                out.println(all.toPrettyString());
            }
            case csv -> {
                out.println("connector,external_id,username,email,display_name,status,why");
                for (People.Person p : people) {
                    out.println(row(p.connector(), p.externalId(), p.username(), p.email(), p.displayName(), p.status(), p.why()));
                }
            }
            case text -> {
                for (People.Person p : people) {
                    out.printf("%-24s %-22s %-9s %s%s%n", p.who(), p.username() == null ? "-" : p.username(), p.status(),
                            p.email() == null ? "-" : p.email(), p.why() == null || !(p.status().equals("skipped") || p.why().startsWith("skipped"))
                                    ? "" : "  (" + p.why() + ")");
                }
                out.println(people.size() + " people");
            }
        }
    }

    private static String row(String... cells) {
        return Stream.of(cells).map(PeopleOutput::cell).collect(Collectors.joining(","));
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed, as in users.csv, so spreadsheets do not run it as a formula. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value) ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
