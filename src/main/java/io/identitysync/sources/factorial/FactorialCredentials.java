package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.core.VendorWords;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who a Factorial credential belongs to: {@code GET {base-url}/resources/api_public/credentials}, answered as
 * {@code {data:[ApiPublicCredential…], meta:{…}}}. The company id it names is what a webhook subscription must carry
 * ({@code company_id}, required by Factorial), and a successful answer proves the key or token works.
 *
 * <pre>{@code
 * FactorialCredentials.Company company = FactorialCredentials.read(baseUrl, Map.of("x-api-key", key));
 * // or Map.of("Authorization", "Bearer " + accessToken)
 * }</pre>
 *
 * Any refusal is a {@link Refused} carrying Factorial's own words; the caller adds the configuration key to check.
 * Headers are sent as given and never appear in a message.
 */
public final class FactorialCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private FactorialCredentials() {
    }

    /** The company a credential acts for: its id, and its name when Factorial gives one (API keys and company tokens). */
    public record Company(long id, String name) {
    }

    /** Factorial refused or could not be asked; {@link #status()} is 0 when nothing was answered. */
    public static final class Refused extends Exception {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * Reads the credentials endpoint with these auth headers ({@code x-api-key}, or {@code Authorization: Bearer …}).
     *
     * @param baseUrl the connector's base URL, e.g. {@code https://api.factorialhr.com/api/2026-04-01}
     * @throws Refused with Factorial's message (or why it could not be reached, or what the answer lacked)
     */
    public static Company read(String baseUrl, Map<String, String> authHeaders) throws Refused {
        String url = baseUrl.replaceAll("/+$", "") + "/resources/api_public/credentials";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET();
        authHeaders.forEach(request::header);
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Refused(0, "cannot reach Factorial at " + url + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(0, "interrupted while reading " + url);
        }
        if (answer.statusCode() / 100 != 2) {
            throw new Refused(answer.statusCode(), "Factorial refused GET api_public/credentials (" + answer.statusCode() + "): "
                    + vendorWords(answer.body()));
        }
        JsonNode data;
        try {
            data = JSON.readTree(answer.body()).path("data");
        } catch (IOException e) {
            throw new Refused(answer.statusCode(), "Factorial's api_public/credentials answer is not JSON: " + VendorWords.excerpt(answer.body() == null ? "" : answer.body()));
        }
        // One credential is the usual answer; several naming different companies leave the choice to the operator.
        TreeSet<Long> companies = new TreeSet<>();
        Company first = null;
        for (JsonNode credential : data) {
            Long id = positive(credential.get("company_id"));
            if (id == null) {
                continue;
            }
            companies.add(id);
            if (first == null) {
                JsonNode name = credential.get("name");
                first = new Company(id, name != null && name.isTextual() ? name.asText() : null);
            }
        }
        if (first == null) {
            throw new Refused(answer.statusCode(), "Factorial's api_public/credentials answer names no company_id");
        }
        if (companies.size() > 1) {
            throw new Refused(answer.statusCode(), "this credential can act for several companies " + companies + "; say which");
        }
        return first;
    }

    /** A positive id given as a JSON number or a numeric string (the vendor's clients type it both ways); else null. */
    static Long positive(JsonNode value) {
        if (value == null) {
            return null;
        }
        String text = value.isIntegralNumber() ? value.asText() : value.isTextual() ? value.asText().trim() : "";
        if (!text.matches("[1-9][0-9]{0,17}")) {
            return null;
        }
        return Long.parseLong(text);
    }

    /** What Factorial said in a refused answer, in its own words (see {@link VendorWords}). */
    public static String vendorWords(String body) {
        if (body == null || body.isBlank()) {
            return "(an empty answer)";
        }
        return VendorWords.of(body);
    }

}
