package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.model.CustomField;
import io.identitysync.model.MappedPage;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.identitysync.core.SourceFields.id;
import static io.identitysync.core.SourceFields.text;

/**
 * Factorial's custom fields → their definitions, options and people's values, typed; the staging copies the ones
 * the configuration maps into the people's attributes. One method per resource, named after it, as the route calls
 * them.
 */
public final class FactorialCustomFieldMapping {

    /** The run's checkbox fields (ids), read with the definitions: Factorial sends a checkbox's value as text. */
    static final String CHECKBOXES = "factorialCheckboxFields";

    /** Custom field definitions: label, slug and Factorial's field type. */
    public MappedPage custom_fields(JsonNode records, Exchange exchange) {
        MappedPage page = new MappedPage();
        Set<String> checkboxes = checkboxes(exchange);
        for (JsonNode f : records) {
            String id = id(f);
            if (id != null) {
                page.customFields.add(new CustomField.Definition(id, text(f, "label_text"), text(f, "slug"), text(f, "field_type")));
                if ("checkbox".equalsIgnoreCase(text(f, "field_type"))) {
                    checkboxes.add(id);
                }
            }
        }
        return page;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> checkboxes(Exchange exchange) {
        Set<String> set = exchange.getProperty(CHECKBOXES, Set.class);
        if (set == null) {
            set = new HashSet<>();
            exchange.setProperty(CHECKBOXES, set);
        }
        return set;
    }

    public MappedPage custom_field_options(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode o : records) {
            String id = id(o);
            if (id != null) {
                page.customOptions.add(new CustomField.Option(id, id(o.get("field_id")), text(o, "label") != null ? text(o, "label") : text(o, "value")));
            }
        }
        return page;
    }

    /**
     * People's custom field values, typed by the column Factorial fills: date_value a date, cents_value a number (in
     * units, not cents), single_choice_value an option, long_text_value text; else value as it comes (a checkbox is a
     * boolean, sent as the text true or false as CustomFieldsValue.value is a string; several choices are joined).
     * Values of anything but employees are left out.
     */
    public MappedPage custom_field_values(JsonNode records, Exchange exchange) {
        Set<String> checkboxes = checkboxes(exchange);
        MappedPage page = new MappedPage();
        for (JsonNode v : records) {
            String field = id(v.get("field_id"));
            String owner = id(v.get("valuable_id"));
            String type = text(v, "valuable_type");
            if (field == null || owner == null || type != null && !type.toLowerCase(Locale.ROOT).contains("employee")) {
                continue;
            }
            String[] typed = typedValue(v);
            if (typed != null && checkboxes.contains(field) && CustomField.TEXT.equals(typed[0])
                    && ("true".equalsIgnoreCase(typed[1]) || "false".equalsIgnoreCase(typed[1]))) {
                typed = new String[] {CustomField.BOOLEAN, typed[1].toLowerCase(Locale.ROOT)};
            }
            if (typed != null) {
                page.customValues.add(new CustomField.Value(field, owner, typed[0], typed[1]));
            }
        }
        return page;
    }

    private static String[] typedValue(JsonNode v) {
        if (text(v, "date_value") != null) {
            return new String[] {CustomField.DATE, text(v, "date_value")};
        }
        JsonNode cents = v.get("cents_value");
        if (cents != null && cents.isNumber()) {
            return new String[] {CustomField.NUMBER, cents.decimalValue().movePointLeft(2).stripTrailingZeros().toPlainString()};
        }
        if (text(v, "single_choice_value") != null) {
            return new String[] {CustomField.OPTION, text(v, "single_choice_value")};
        }
        if (text(v, "long_text_value") != null) {
            return new String[] {CustomField.TEXT, text(v, "long_text_value")};
        }
        JsonNode value = v.get("value");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return new String[] {CustomField.BOOLEAN, value.asText()};
        }
        if (value.isNumber()) {
            return new String[] {CustomField.NUMBER, value.decimalValue().toPlainString()};
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(p -> parts.add(p.asText()));
            return new String[] {CustomField.TEXT, String.join(", ", parts)};
        }
        return value.isContainerNode() ? null : new String[] {CustomField.TEXT, value.asText()};
    }
}
