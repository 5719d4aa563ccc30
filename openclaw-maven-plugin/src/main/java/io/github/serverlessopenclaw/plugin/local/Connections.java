package io.github.serverlessopenclaw.plugin.local;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket connections by id: what the WebSocket API adds and the {@code @connections} API reaches. */
final class Connections {
    private final Map<String, WebSocketServer.Connection> open = new ConcurrentHashMap<>();

    void add(WebSocketServer.Connection connection) {
        open.put(connection.id(), connection);
    }

    void remove(String id) {
        open.remove(id);
    }

    Optional<WebSocketServer.Connection> get(String id) {
        return Optional.ofNullable(open.get(id));
    }

    Iterable<WebSocketServer.Connection> all() {
        return open.values();
    }
}
