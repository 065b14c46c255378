package io.identitysync.inbound;

import io.identitysync.config.Settings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;

/**
 * Puts webhooks-in on camel-main's own HTTP server (camel-platform-http-main): its business server, {@code camel.server.*},
 * which listens where {@code webhooks-in.host}/{@code webhooks-in.port} say. Health and metrics stay on the separate
 * management server ({@code camel.management.*}, from {@code management.*}): the sources must reach the webhooks from
 * the internet, while health and metrics are for the operator's network only. TLS is Camel's: {@code camel.ssl.*}
 * with {@code camel.server.use-global-ssl-context-parameters=true}.
 */
public final class InboundListener {

    /** The listener's route, loaded only when this process listens: a platform-http route needs the server. */
    static final String ROUTES = "classpath:routes/webhooks-in-listener.camel.yaml";

    private InboundListener() {
    }

    /** In service mode with webhooks-in.enabled: a --once run beside a running service must not take its port. */
    public static boolean listening(Settings settings) {
        return !settings.bool("sync.once") && settings.bool("webhooks-in.enabled");
    }

    /**
     * webhooks-in.* onto Camel's server keys and the listener's route onto the routes Camel loads, when this process
     * listens; else the server is as camel.server.* says (off by default).
     */
    public static void configure(Settings settings, Properties camel) {
        if (!listening(settings)) {
            return;
        }
        camel.setProperty("camel.server.enabled", "true");
        camel.setProperty("camel.server.host", settings.get("webhooks-in.host"));
        camel.setProperty("camel.server.port", settings.get("webhooks-in.port"));
        // The contract's paths are /hooks/...: a reverse proxy that serves them elsewhere rewrites the path.
        camel.setProperty("camel.server.path", "/");
        // The server refuses a larger body before reading it, as the listener always has (413).
        camel.setProperty("camel.server.max-body-size", settings.get("webhooks-in.max-bytes"));
        // A public port: nothing a stranger posts is written to disk.
        camel.setProperty("camel.server.file-upload-enabled", "false");
        camel.setProperty("camel.main.routes-include-pattern", camel.getProperty("camel.main.routes-include-pattern") + "," + ROUTES);
    }

    /** The listener cannot take its address. */
    public static final class CannotListen extends Exception {
        CannotListen(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Whether the listener can take its address, tried before Camel starts: Camel's server only logs a failure to
     * bind (a port in use) and runs on without it, where the service must stop with a configuration error.
     */
    public static void probe(Settings settings) throws CannotListen {
        if (!listening(settings) || settings.integer("webhooks-in.port") == 0) {
            return;
        }
        String host = settings.get("webhooks-in.host");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, settings.integer("webhooks-in.port")));
        } catch (IOException e) {
            throw new CannotListen("webhooks-in.port: cannot listen on " + host + ":" + settings.get("webhooks-in.port") + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The server's own refusal of an oversized body comes before the route, and so before the checks that come
     * first (an unknown connector is 404, a wrong challenge 401, whatever the size): this answers it as the route
     * would, with the same JSON body and log line. Attached before the routes start, so before the first delivery.
     */
    public static void attach(CamelContext context, InboundReceiver receiver) throws Exception {
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                router(started).route(InboundReceiver.PATH + "*").order(Integer.MIN_VALUE).failureHandler(ctx -> oversized(ctx, receiver));
            }
        });
    }

    private static void oversized(RoutingContext ctx, InboundReceiver receiver) {
        if (ctx.statusCode() != 413 || ctx.response().ended()) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        String path = InboundReceiver.path(request);
        InboundReceiver.Refusal refusal = receiver.beforeBody(request.method().name(), path, request.getHeader(InboundReceiver.CHALLENGE_HEADER));
        if (refusal == null) {
            refusal = receiver.oversized(path);
        }
        byte[] body = InboundReceiver.json(Map.of("error", InboundReceiver.logged(refusal)));
        ctx.response().setStatusCode(refusal.status()).putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }

    /** The business server's port (the bound one, when webhooks-in.port=0). */
    public static int port(CamelContext context) {
        return router(context).getServer().getPort();
    }

    private static VertxPlatformHttpRouter router(CamelContext context) {
        return context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream().filter(VertxPlatformHttpRouter::isMainServer).findFirst()
                .orElseThrow(() -> new IllegalStateException("webhooks-in: Camel's HTTP server (camel.server.*) is not running"));
    }
}
