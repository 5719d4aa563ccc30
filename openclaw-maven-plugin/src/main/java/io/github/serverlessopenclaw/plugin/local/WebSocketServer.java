package io.github.serverlessopenclaw.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket API: the opening handshake runs the {@code $connect} route (a non-2xx answer of its function refuses
 * the upgrade with that status), each message is routed by the API's route selection expression (else
 * {@code $default}), and a closed connection runs {@code $disconnect}. API Gateway's limits: 32 KB per frame and
 * 128 KB per message (larger closes the connection with 1009), 10 minutes idle, 2 hours per connection, URLs up to 4096
 * characters. A plain RFC 6455 server over a socket: the JDK has no WebSocket server and the plugin no library for one.
 */
final class WebSocketServer implements AutoCloseable {
    static final int MAX_FRAME_BYTES = 32 * 1024;
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration MAX_CONNECTION = Duration.ofHours(2);
    private static final int MAX_URL_CHARS = 4096;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final DeployedApis deployed;
    private final Map<String, LocalFunction> functions;
    private final Connections connections;
    private final ExecutorService threads = Executors.newCachedThreadPool(LocalServers.daemon("local-websocket"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(LocalServers.daemon("local-websocket-timer"));
    private final String domainName;
    private volatile boolean closed;

    private WebSocketServer(
            ServerSocket server,
            DeployedApis deployed,
            Map<String, LocalFunction> functions,
            Connections connections,
            String region) {
        this.server = server;
        this.deployed = deployed;
        this.functions = functions;
        this.connections = connections;
        this.domainName = deployed.webSocket().domainName(region);
    }

    static WebSocketServer start(
            int port,
            DeployedApis deployed,
            Map<String, LocalFunction> functions,
            Connections connections,
            String region) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            WebSocketServer server = new WebSocketServer(socket, deployed, functions, connections, region);
            LocalServers.daemon("local-websocket-accept")
                    .newThread(server::acceptLoop)
                    .start();
            return server;
        } catch (IOException e) {
            throw LocalServers.cannotOpen("the WebSocket API", port, e);
        }
    }

    URI url() {
        return URI.create("ws://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + "/"
                + deployed.webSocketStage());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[local WebSocket API] accept failed: " + e.getMessage());
                }
            }
        }
    }

    /** One open connection. Writes are serialized; server frames are never masked. */
    final class Connection {
        private final String id;
        private final Socket socket;
        private final OutputStream out;
        private final long connectedAt = System.currentTimeMillis();
        private volatile long lastActiveAt = connectedAt;
        private final String sourceIp;
        private final String userAgent;
        private volatile boolean open = true;

        Connection(String id, Socket socket, String userAgent) throws IOException {
            this.id = id;
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.sourceIp = socket.getInetAddress().getHostAddress();
            this.userAgent = userAgent;
        }

        String id() {
            return id;
        }

        long connectedAt() {
            return connectedAt;
        }

        long lastActiveAt() {
            return lastActiveAt;
        }

        String sourceIp() {
            return sourceIp;
        }

        String userAgent() {
            return userAgent;
        }

        String domainName() {
            return domainName;
        }

        boolean isOpen() {
            return open;
        }

        /** A message to the client, split into frames of at most 32 KB as API Gateway does. */
        synchronized void send(byte[] data, boolean text) throws IOException {
            int offset = 0;
            boolean first = true;
            do {
                int length = Math.min(MAX_FRAME_BYTES, data.length - offset);
                boolean last = offset + length >= data.length;
                writeFrame((first ? (text ? 1 : 2) : 0) | (last ? 0x80 : 0), data, offset, length);
                offset += length;
                first = false;
            } while (offset < data.length);
            lastActiveAt = System.currentTimeMillis();
        }

        private void writeFrame(int firstByte, byte[] data, int offset, int length) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 10);
            frame.write(firstByte);
            if (length < 126) {
                frame.write(length);
            } else if (length < 65536) {
                frame.write(126);
                frame.write(length >>> 8);
                frame.write(length & 0xFF);
            } else {
                frame.write(127);
                frame.write(ByteBuffer.allocate(8).putLong(length).array());
            }
            frame.write(data, offset, length);
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Closes with a close frame; {@code $disconnect} runs once. */
        void close(int code, String reason) {
            synchronized (this) {
                if (!open) {
                    return;
                }
                open = false;
                try {
                    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
                    byte[] payload = ByteBuffer.allocate(2 + text.length)
                            .putShort((short) code)
                            .put(text)
                            .array();
                    writeFrame(0x88, payload, 0, payload.length);
                } catch (IOException e) {
                    // the peer is gone already
                }
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing
                }
            }
            connections.remove(id);
            threads.execute(() -> route("$disconnect")
                    .ifPresent(function -> function.invoke(Events.bytes(Events.disconnect(
                            this, code, reason, deployed.webSocket().id(), deployed.webSocketStage())))));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            if (head == null) {
                respond(socket, 431, "Request Header Fields Too Large", "{\"message\":\"Request header too large\"}");
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3) {
                respond(socket, 400, "Bad Request", "{\"message\":\"Bad request\"}");
                return;
            }
            if (requestLine[1].length() > MAX_URL_CHARS) {
                respond(socket, 414, "URI Too Long", "{\"message\":\"URI too long\"}");
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            URI target = URI.create("http://local" + requestLine[1]);
            String path = target.getRawPath();
            String stagePath = "/" + deployed.webSocketStage();
            if (!requestLine[0].equals("GET") || !(path.equals(stagePath) || path.equals(stagePath + "/"))) {
                respond(socket, 403, "Forbidden", "{\"message\":\"Forbidden\"}");
                return;
            }
            String key = header(headers, "Sec-WebSocket-Key");
            if (!"websocket".equalsIgnoreCase(header(headers, "Upgrade"))
                    || key == null
                    || !"13".equals(header(headers, "Sec-WebSocket-Version"))) {
                respond(socket, 426, "Upgrade Required", "{\"message\":\"Upgrade Required\"}");
                return;
            }
            String id = newConnectionId();
            Connection connection = new Connection(id, socket, header(headers, "User-Agent"));
            ObjectNode connect = Events.connect(
                    connection,
                    headers,
                    parseQuery(target.getRawQuery()),
                    deployed.webSocket().id(),
                    deployed.webSocketStage());
            var function = route("$connect");
            if (function.isPresent()) {
                LocalFunction.Result result = function.get().invoke(Events.bytes(connect));
                int status = result.error() ? 500 : statusOf(result);
                if (status / 100 != 2) {
                    respond(
                            socket,
                            status,
                            status == 500 ? "Internal Server Error" : "Refused",
                            result.error() ? "{\"message\":\"Internal server error\"}" : "");
                    return;
                }
            }
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            connections.add(connection);
            var limit = timers.schedule(
                    () -> connection.close(1001, "Going away"), MAX_CONNECTION.toMillis(), TimeUnit.MILLISECONDS);
            try {
                readFrames(in, connection);
            } finally {
                limit.cancel(false);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            // the client went away during the handshake
        }
    }

    /** Frames until close: pings answered, fragments assembled, each message routed on a worker thread. */
    private void readFrames(InputStream in, Connection connection) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = -1;
        try {
            while (connection.isOpen()) {
                int b0 = in.read();
                if (b0 < 0) {
                    connection.close(1006, "Connection closed abnormally");
                    return;
                }
                int b1 = readByte(in);
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = (readByte(in) << 8) | readByte(in);
                } else if (length == 127) {
                    length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
                }
                if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0) {
                    connection.close(1002, "Protocol error"); // no extension negotiated; client frames are masked
                    return;
                }
                if (length > MAX_FRAME_BYTES || length < 0) {
                    connection.close(1009, "Message too big");
                    return;
                }
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes((int) length);
                if (payload.length != length || mask.length != 4) {
                    connection.close(1006, "Connection closed abnormally");
                    return;
                }
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                connection.lastActiveAt = System.currentTimeMillis();
                switch (opcode) {
                    case 0x8 -> {
                        int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                        String reason = payload.length > 2
                                ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                                : "";
                        connection.close(code, reason);
                        return;
                    }
                    case 0x9 -> {
                        synchronized (connection) {
                            connection.writeFrame(0x8A, payload, 0, payload.length);
                        }
                    }
                    case 0xA -> {
                        // pong
                    }
                    case 0x0, 0x1, 0x2 -> {
                        if (opcode != 0) {
                            if (messageOpcode != -1) {
                                connection.close(1002, "Protocol error");
                                return;
                            }
                            messageOpcode = opcode;
                        } else if (messageOpcode == -1) {
                            connection.close(1002, "Protocol error");
                            return;
                        }
                        if (message.size() + payload.length > MAX_MESSAGE_BYTES) {
                            connection.close(1009, "Message too big");
                            return;
                        }
                        message.write(payload);
                        if (fin) {
                            byte[] data = message.toByteArray();
                            boolean text = messageOpcode == 1;
                            message.reset();
                            messageOpcode = -1;
                            if (text && !validUtf8(data)) {
                                connection.close(1007, "Invalid frame payload data");
                                return;
                            }
                            threads.execute(() -> dispatch(connection, data, text));
                        }
                    }
                    default -> {
                        connection.close(1002, "Protocol error");
                        return;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            connection.close(1001, "Going away"); // idle
        } catch (IOException e) {
            connection.close(1006, "Connection closed abnormally");
        }
    }

    /** Route selection (e.g. {@code $request.body.action}), else {@code $default}; a failed integration is reported. */
    private void dispatch(Connection connection, byte[] data, boolean text) {
        String routeKey = selectRoute(data, text);
        var function = route(routeKey);
        ObjectNode event = Events.message(
                connection, routeKey, data, text, deployed.webSocket().id(), deployed.webSocketStage());
        String requestId = event.path("requestContext").path("requestId").asText();
        if (function.isEmpty()) {
            notify(connection, "Forbidden", requestId);
            return;
        }
        LocalFunction.Result result = function.get().invoke(Events.bytes(event));
        if (result.error()) {
            notify(connection, "Internal server error", requestId);
        }
    }

    private void notify(Connection connection, String message, String requestId) {
        try {
            connection.send(
                    ("{\"message\": \"" + message + "\", \"connectionId\":\"" + connection.id() + "\", \"requestId\":\""
                                    + requestId + "\"}")
                            .getBytes(StandardCharsets.UTF_8),
                    true);
        } catch (IOException e) {
            // gone
        }
    }

    private String selectRoute(byte[] data, boolean text) {
        String expression = deployed.webSocket().routeSelectionExpression();
        if (text && expression.startsWith("$request.body.")) {
            try {
                JsonNode node = Events.JSON.readTree(data);
                for (String part :
                        expression.substring("$request.body.".length()).split("\\.")) {
                    node = node == null ? null : node.get(part);
                }
                if (node != null
                        && node.isValueNode()
                        && deployed.webSocket().routes().containsKey(node.asText())
                        && !node.asText().startsWith("$")) {
                    return node.asText();
                }
            } catch (IOException e) {
                // not JSON: $default
            }
        }
        return "$default";
    }

    private java.util.Optional<LocalFunction> route(String routeKey) {
        return java.util.Optional.ofNullable(deployed.webSocket().routes().get(routeKey))
                .map(r -> functions.get(r.functionName()));
    }

    private static int statusOf(LocalFunction.Result result) {
        try {
            JsonNode response = Events.JSON.readTree(result.payload());
            return response != null && response.has("statusCode")
                    ? response.get("statusCode").asInt(200)
                    : 200;
        } catch (IOException e) {
            return 200;
        }
    }

    private static String newConnectionId() {
        String id;
        do {
            id = Events.id();
        } while (id.contains("/") || id.contains("+"));
        return id;
    }

    private static boolean validUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** The request head up to the blank line, or null when it is larger than allowed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = readByte(in);
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEADER_BYTES) {
                return null;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void respond(Socket socket, int status, String reason, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + bytes.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection : connections.all()) {
            connection.close(1001, "Going away");
        }
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        timers.shutdownNow();
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS); // the $disconnect runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
