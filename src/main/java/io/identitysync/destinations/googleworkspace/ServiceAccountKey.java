package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.ServiceAccountCredentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * A service account's JSON key file, read with Google's auth library. Every problem is told without the file's
 * content nor the library's or parser's words, which can quote the private key.
 */
public final class ServiceAccountKey {

    /** The Directory API's user scope; the group scopes only when departments become groups (least privilege). */
    public static final String USER_SCOPE = "https://www.googleapis.com/auth/admin.directory.user";
    public static final List<String> GROUP_SCOPES = List.of("https://www.googleapis.com/auth/admin.directory.group",
            "https://www.googleapis.com/auth/admin.directory.group.member");

    /** A key file that cannot be used; the message names the file's path only. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceAccountKey() {
    }

    /** The scopes a directory asks for. */
    public static List<String> scopes(boolean groups) {
        return groups ? List.of(USER_SCOPE, GROUP_SCOPES.get(0), GROUP_SCOPES.get(1)) : List.of(USER_SCOPE);
    }

    /** The key file's credentials, acting for {@code adminEmail} with {@code scopes}; {@link Invalid} when unusable. */
    public static ServiceAccountCredentials load(String file, String adminEmail, List<String> scopes) {
        return load(file, adminEmail, scopes, new TokenEndpointWords());
    }

    static ServiceAccountCredentials load(String file, String adminEmail, List<String> scopes, TokenEndpointWords transport) {
        if (file == null || file.isBlank()) {
            throw new Invalid("required (the path of the service account's JSON key file)");
        }
        Path path;
        try {
            path = Path.of(file.trim());
        } catch (InvalidPathException e) {
            throw new Invalid("'" + file + "' is not a file path");
        }
        if (!Files.isRegularFile(path)) {
            throw new Invalid("no file at " + path);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new Invalid("cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode key;
        try {
            key = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new Invalid(path + " is not JSON: a service account key is the JSON file Google Cloud console downloads (Keys → Add key → JSON)");
        }
        if (key == null || !key.isObject() || !"service_account".equals(key.path("type").asText())) {
            throw new Invalid(path + " is not a service account key: its \"type\" is not \"service_account\"");
        }
        for (String field : List.of("client_email", "private_key", "token_uri")) {
            if (!key.path(field).isTextual() || key.path(field).asText().isBlank()) {
                throw new Invalid(path + " has no \"" + field + "\": download the service account's key again");
            }
        }
        ServiceAccountCredentials credentials;
        try {
            credentials = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(bytes), transport);
        } catch (IOException | RuntimeException e) {
            throw new Invalid(path + ": its \"private_key\" is not a PKCS#8 PEM RSA private key");
        }
        return (ServiceAccountCredentials) credentials.createDelegated(adminEmail).createScoped(scopes);
    }
}
