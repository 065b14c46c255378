package io.identitysync.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Language;
import org.apache.camel.support.DefaultExchange;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configured expression, compiled: {@code simple} by default, {@code jsonpath:} when so prefixed. The person is
 * the exchange's variable {@code person} and, for jsonpath, the body's {@code person}; in simple,
 * {@code ${person.department}} is short for {@code ${variable.person[department]}}.
 */
public final class Rule {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why {@code jq:} is refused: the module is not in the repository this build resolves from. */
    static final String NO_JQ = "jq: expressions are not available: camel-jq 4.18.0 does not resolve from the Maven repository "
            + "this release is built from; write it in simple (the default) or jsonpath:";
    private static final Pattern PERSON = Pattern.compile("\\$\\{(person|record)((?:\\.[A-Za-z_][\\w-]*(?![\\w(-]))+)");
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z_][\\w-]*)");
    private static CamelContext context;

    private final String key;
    private final String text;
    private final String language;
    private final Predicate predicate;
    private final Expression expression;

    private Rule(String key, String text, String language, Predicate predicate, Expression expression) {
        this.key = key;
        this.text = text;
        this.language = language;
        this.predicate = predicate;
        this.expression = expression;
    }

    /** A rule that decides (scope): its key and text; RuleException naming the key when it does not compile. */
    public static Rule predicate(String key, String text) {
        return compile(key, text, true);
    }

    /** A rule that gives a value (map). */
    public static Rule expression(String key, String text) {
        return compile(key, text, false);
    }

    private static Rule compile(String key, String text, boolean decides) {
        String body = text.trim();
        String language = "simple";
        if (body.startsWith("jq:")) {
            throw new RuleException(key, NO_JQ, null);
        }
        if (body.startsWith("jsonpath:")) {
            language = "jsonpath";
            body = body.substring("jsonpath:".length()).trim();
            try {
                // Camel's jsonpath parses on first use: parsed here so that a typo stops the start, not a run.
                com.jayway.jsonpath.JsonPath.compile(body);
            } catch (RuntimeException e) {
                throw new RuleException(key, "Camel's jsonpath cannot parse '" + body + "': " + e.getMessage(), e);
            }
        } else if (body.startsWith("simple:")) {
            body = body.substring("simple:".length()).trim();
        }
        if (body.isEmpty()) {
            throw new RuleException(key, "is empty; write a " + (decides ? "predicate, e.g. ${person.attributes[contract_type]} != 'contractor'"
                    : "expression, e.g. ${person.attributes[cost_center]}"), null);
        }
        String source = language.equals("simple") ? shorthand(body) : body;
        try {
            Language lang = context().resolveLanguage(language);
            Predicate p = decides ? lang.createPredicate(source) : null;
            Expression e = decides ? null : lang.createExpression(source);
            if (p != null) {
                p.init(context());
            }
            if (e != null) {
                e.init(context());
            }
            return new Rule(key, text.trim(), language, p, e);
        } catch (RuntimeException e) {
            throw new RuleException(key, "Camel's " + language + " cannot parse it: " + oneLine(e.getMessage()), e);
        }
    }

    /** {@code ${person.a.b}} → {@code ${variable.person[a][b]}}: map keys, not bean getters; {@code ${record.…}} alike. */
    static String shorthand(String simple) {
        Matcher m = PERSON.matcher(simple);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher segment = SEGMENT.matcher(m.group(2));
            StringBuilder path = new StringBuilder("${variable.").append(m.group(1));
            while (segment.find()) {
                path.append('[').append(segment.group(1)).append(']');
            }
            m.appendReplacement(out, Matcher.quoteReplacement(path.toString()));
        }
        m.appendTail(out);
        return out.toString().replace("${person}", "${variable.person}").replace("${record}", "${variable.record}");
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\n\\s*", " | ");
    }

    /** Languages need a context, not a running one: one, built once, for every rule. */
    private static synchronized CamelContext context() {
        if (context == null) {
            DefaultCamelContext c = new DefaultCamelContext();
            c.build();
            context = c;
        }
        return context;
    }

    public String key() {
        return key;
    }

    public String text() {
        return text;
    }

    /** The predicate on this person; RuleException naming the key when it fails for them. */
    public boolean matches(Map<String, Object> person) {
        return matches(person, null);
    }

    /** The same, with the source's record as it was read ({@code record}; empty when there is none, e.g. from the store). */
    public boolean matches(Map<String, Object> person, JsonNode record) {
        Exchange x = exchange(person, record);
        try {
            boolean result = predicate.matches(x);
            failed(x);
            return result;
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** The expression's value for this person, as text (null when it gives none). */
    public String value(Map<String, Object> person) {
        return value(person, null);
    }

    public String value(Map<String, Object> person, JsonNode record) {
        Exchange x = exchange(person, record);
        try {
            Object v = expression.evaluate(x, Object.class);
            failed(x);
            return v == null ? null : v instanceof Iterable<?> list ? first(list) : String.valueOf(v);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    private static String first(Iterable<?> list) {
        for (Object o : list) {
            return o == null ? null : String.valueOf(o);
        }
        return null;
    }

    private void failed(Exchange x) {
        if (x.getException() != null) {
            throw failure(x.getException());
        }
    }

    private RuleException failure(Exception e) {
        return e instanceof RuleException r ? r : new RuleException(key, language + " failed: " + oneLine(e.getMessage()), e);
    }

    @SuppressWarnings("unchecked")
    private Exchange exchange(Map<String, Object> person, JsonNode record) {
        Exchange x = new DefaultExchange(context());
        Map<String, Object> source = record == null || !record.isObject() ? Map.of() : JSON.convertValue(record, Map.class);
        x.setVariable("person", person);
        x.setVariable("record", source);
        x.getMessage().setBody(Map.of("person", person, "record", source));
        return x;
    }
}
