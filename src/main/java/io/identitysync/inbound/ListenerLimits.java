package io.identitysync.inbound;

import io.identitysync.config.Checks;
import io.identitysync.config.Settings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both HTTP ports (webhooks-in, the public one, and management) refuse to wait for: a client that sends nothing
 * for {@code listener.idle-timeout}, a request whose head and body take longer than {@code listener.request-timeout}
 * (slow-loris: one header line every few seconds never trips an idle timeout), and a head larger than
 * {@code listener.max-header-bytes} (431). Camel's platform-http servers build their Vert.x server options themselves
 * and take the Vert.x instance from the registry: the one bound here creates each server with these limits.
 */
public final class ListenerLimits {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    static final String IDLE = "listener.idle-timeout";
    static final String REQUEST = "listener.request-timeout";
    static final String HEADER_BYTES = "listener.max-header-bytes";

    private final long idleMillis;
    private final long requestMillis;
    private final int headerBytes;

    private ListenerLimits(Settings settings) {
        this.idleMillis = settings.duration(IDLE).toMillis();
        this.requestMillis = settings.duration(REQUEST).toMillis();
        this.headerBytes = settings.integer(HEADER_BYTES);
    }

    public static void check(Checks checks) {
        checks.duration(IDLE);
        checks.duration(REQUEST);
        checks.range(HEADER_BYTES, 1024, 65536);
        Settings s = checks.settings();
        if (checks.problems().stream().noneMatch(p -> p.startsWith("listener."))) {
            if (s.duration(IDLE).toMillis() < 1000) {
                checks.add(IDLE, "must be at least 1s, was " + s.get(IDLE));
            }
            if (s.duration(REQUEST).toMillis() < 1000) {
                checks.add(REQUEST, "must be at least 1s, was " + s.get(REQUEST));
            }
        }
    }

    /** Whether this process serves HTTP at all: webhooks-in (service mode) or management. */
    public static boolean applies(Settings settings) {
        return InboundListener.listening(settings) || settings.bool("management.enabled");
    }

    /** Binds the Vert.x instance Camel's HTTP servers will use, closed once Camel has stopped. */
    public static void install(CamelContext context, Settings settings) {
        ListenerLimits limits = new ListenerLimits(settings);
        Vertx real = Vertx.vertx(new VertxOptions());
        Vertx limited = (Vertx) Proxy.newProxyInstance(ListenerLimits.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                limits.new LimitedVertx(real));
        context.getRegistry().bind("identity-sync-vertx", Vertx.class, limited);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                real.close();
            }
        });
    }

    private HttpServerOptions limit(HttpServerOptions options) {
        return options.setIdleTimeout((int) idleMillis).setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setMaxHeaderSize(headerBytes);
    }

    /** The real Vert.x, but each HTTP server it creates has the limits. */
    private final class LimitedVertx implements InvocationHandler {
        private final Vertx real;

        LimitedVertx(Vertx real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("createHttpServer")) {
                HttpServerOptions options = args != null && args.length == 1 && args[0] instanceof HttpServerOptions given
                        ? limit(new HttpServerOptions(given)) : limit(new HttpServerOptions());
                HttpServer server = real.createHttpServer(options);
                Deadlines deadlines = new Deadlines(real);
                server.connectionHandler(deadlines::opened);
                return Proxy.newProxyInstance(ListenerLimits.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                        new DeadlinedServer(server, deadlines));
            }
            if (method.getName().equals("equals") && args != null && args.length == 1) {
                return proxy == args[0];
            }
            if (method.getName().equals("hashCode") && (args == null || args.length == 0)) {
                return System.identityHashCode(proxy);
            }
            return call(real, method, args);
        }
    }

    /** The server, its request handler (Camel's router) reached through the deadlines. */
    private static final class DeadlinedServer implements InvocationHandler {
        private final HttpServer real;
        private final Deadlines deadlines;

        DeadlinedServer(HttpServer real, Deadlines deadlines) {
            this.real = real;
            this.deadlines = deadlines;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                Handler<HttpServerRequest> handler = (Handler<HttpServerRequest>) args[0];
                real.requestHandler(request -> {
                    deadlines.received(request);
                    handler.handle(request);
                });
                return proxy;
            }
            Object result = call(real, method, args);
            // The fluent calls (listen's own result aside) answer the server itself: keep answering the proxy.
            return result == real ? proxy : result;
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * One timer per connection: from the moment it opens (or its last answer ends) a request's head must arrive, and
     * from its head the request must be answered, within listener.request-timeout; else 408 and the connection closed.
     */
    private final class Deadlines {
        private final Vertx vertx;
        private final Map<HttpConnection, AtomicLong> timers = new ConcurrentHashMap<>();

        Deadlines(Vertx vertx) {
            this.vertx = vertx;
        }

        void opened(HttpConnection connection) {
            AtomicLong timer = new AtomicLong(-1);
            timers.put(connection, timer);
            connection.closeHandler(v -> {
                AtomicLong t = timers.remove(connection);
                if (t != null) {
                    vertx.cancelTimer(t.get());
                }
            });
            arm(connection, timer, null);
        }

        void received(HttpServerRequest request) {
            HttpConnection connection = request.connection();
            AtomicLong timer = timers.get(connection);
            if (timer == null) {
                return;
            }
            arm(connection, timer, request);
            request.response().endHandler(v -> arm(connection, timer, null));
        }

        /** Restarts the connection's clock: waiting for a head (request null) or for the answer to this request. */
        private void arm(HttpConnection connection, AtomicLong timer, HttpServerRequest request) {
            vertx.cancelTimer(timer.get());
            timer.set(vertx.setTimer(requestMillis, id -> expired(connection, request)));
        }

        private void expired(HttpConnection connection, HttpServerRequest request) {
            LOG.warn("listener: a client took more than {}={} ms to send a request; its connection is closed",
                    REQUEST, requestMillis);
            if (request != null && !request.response().ended() && !request.response().headWritten()) {
                byte[] body = ("{\"error\":\"the request took longer than " + REQUEST + "\"}").getBytes(StandardCharsets.UTF_8);
                request.response().setStatusCode(408).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                        .end(Buffer.buffer(body)).onComplete(done -> connection.close());
            } else {
                connection.close();
            }
        }
    }
}
