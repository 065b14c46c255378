package io.identitysync.destinations.googleworkspace;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.auth.http.HttpTransportFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The auth library's HTTP transport, on the JDK's client (no redirects, as for the directory's own calls), keeping
 * the body of the token endpoint's last refusal: the library's exception carries the status only, and the operator
 * needs Google's own words ({@code unauthorized_client: Client is unauthorized…}) to know which delegation or key is
 * wrong. Only a refusal's body is kept; a granted token never is.
 */
final class TokenEndpointWords extends HttpTransport implements HttpTransportFactory {

    private static final List<String> RESTRICTED = List.of("content-length", "host", "connection", "expect", "upgrade");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private volatile String lastRefusal;

    @Override
    public HttpTransport create() {
        return this;
    }

    /** The body of the last refusal (status ≥ 400), or null. */
    String lastRefusal() {
        return lastRefusal;
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Request(method, url);
    }

    private final class Request extends LowLevelHttpRequest {
        private final String method;
        private final String url;
        private final List<String[]> headers = new ArrayList<>();
        private Duration readTimeout = Duration.ofSeconds(30);

        Request(String method, String url) {
            this.method = method;
            this.url = url;
        }

        @Override
        public void addHeader(String name, String value) {
            headers.add(new String[] {name, value});
        }

        @Override
        public void setTimeout(int connectTimeout, int readTimeout) {
            this.readTimeout = readTimeout > 0 ? Duration.ofMillis(readTimeout) : Duration.ofSeconds(30);
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (getStreamingContent() != null) {
                getStreamingContent().writeTo(out);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout)
                    .method(method, out.size() == 0 && getStreamingContent() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
            for (String[] h : headers) {
                if (!RESTRICTED.contains(h[0].toLowerCase(java.util.Locale.ROOT))) {
                    b.header(h[0], h[1]);
                }
            }
            if (getContentType() != null) {
                b.setHeader("Content-Type", getContentType());
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (response.statusCode() >= 400) {
                lastRefusal = new String(response.body(), StandardCharsets.UTF_8);
            }
            return new Response(response);
        }
    }

    private static final class Response extends LowLevelHttpResponse {
        private final HttpResponse<byte[]> r;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        Response(HttpResponse<byte[]> r) {
            this.r = r;
            r.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(r.body());
        }

        @Override
        public String getContentEncoding() {
            return r.headers().firstValue("Content-Encoding").orElse(null);
        }

        @Override
        public long getContentLength() {
            return r.body().length;
        }

        @Override
        public String getContentType() {
            return r.headers().firstValue("Content-Type").orElse(null);
        }

        @Override
        public String getStatusLine() {
            return "HTTP/1.1 " + r.statusCode();
        }

        @Override
        public int getStatusCode() {
            return r.statusCode();
        }

        @Override
        public String getReasonPhrase() {
            return null;
        }

        @Override
        public int getHeaderCount() {
            return headers.size();
        }

        @Override
        public String getHeaderName(int index) {
            return headers.get(index).getKey();
        }

        @Override
        public String getHeaderValue(int index) {
            return headers.get(index).getValue();
        }
    }
}
