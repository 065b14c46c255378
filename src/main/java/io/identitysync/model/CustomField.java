package io.identitysync.model;

/**
 * A custom field a source lets a company add to its people, and the values people have in it. Configuration maps a
 * field (by label, slug or id) onto a canonical attribute: {@code <prefix>attributes.<name>=custom:<field>}.
 */
public final class CustomField {

    /** How a value is typed in the attribute it fills. */
    public static final String TEXT = "text";
    public static final String NUMBER = "number";
    public static final String DATE = "date";
    public static final String OPTION = "option";
    public static final String BOOLEAN = "boolean";

    /** A field's definition. */
    public record Definition(String externalId, String label, String slug, String type) {
    }

    /** One of a choice field's options: a value holding its id is given its label. */
    public record Option(String externalId, String fieldId, String label) {
    }

    /**
     * A person's value in a field, as text, with the {@code type} it is read back as ({@link #TEXT}, {@link #NUMBER},
     * {@link #DATE}, {@link #OPTION} (an option id, or the label itself), {@link #BOOLEAN}).
     */
    public record Value(String fieldId, String userExternalId, String type, String value) {
    }

    private CustomField() {
    }
}
