package io.github.serverlessopenclaw.plugin.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** What every local server shares: loopback only, daemon threads (Ctrl-C never waits for them), one port message. */
final class LocalServers {
    private LocalServers() {}

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An HTTP server on {@code port} of the loopback address (0: any free one), not started yet. */
    static HttpServer loopback(int port, String threadName, String what) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.setExecutor(Executors.newCachedThreadPool(daemon(threadName)));
            return server;
        } catch (IOException e) {
            throw cannotOpen(what, port, e);
        }
    }

    /**
     * An answer: {@code contentType} unless the handler set one, and {@code body} unless it is empty or the request is
     * a HEAD (the JDK's server then wants no length).
     */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null && !exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The sentence for a port that cannot be opened; a chosen port is usually taken, so it names the fix. */
    static LocalApisException cannotOpen(String what, int port, IOException e) {
        return new LocalApisException(
                "cannot open " + what + (port != 0 ? " on port " + port : "") + ": " + e.getMessage()
                        + (port != 0 ? " (choose another port, or 0 for any free one)" : ""),
                e);
    }
}
