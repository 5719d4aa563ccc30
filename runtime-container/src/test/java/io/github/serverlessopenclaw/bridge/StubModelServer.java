package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.serverlessopenclaw.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A model for the real gateway to call: OpenAI-compatible {@code POST /v1/chat/completions} on loopback,
 * streaming Server-Sent Events. It answers {@code Echo: <last user text>} in several chunks. Markers in the
 * user's text change that: {@value #FAIL} → HTTP 400 (a model error), {@value #SLOW} → a long, slow reply,
 * {@value #EXEC}{@code  <command>} → a call of OpenClaw's {@code exec} tool with that shell command (what a
 * prompt-injected model does); once the tool's result comes back it is recorded ({@link #toolResults()}) and the
 * reply is {@value #EXEC_DONE}.
 */
final class StubModelServer implements AutoCloseable {
    static final String FAIL = "[fail]";
    static final String SLOW = "[slow]";
    static final String MODEL = "echo-1";
    static final String EXEC = "[exec]";
    static final String EXEC_DONE = "The command ran.";
    /** A model id the stub answers with HTTP 503 (an overloaded provider): what makes OpenClaw try a fallback model. */
    static final String DOWN_MODEL = "down-1";

    private final HttpServer server;
    private final List<String> userTexts = new CopyOnWriteArrayList<>();
    private final List<String> toolResults = new CopyOnWriteArrayList<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile long slowChunkMillis = 150;
    private volatile Runnable onCompletion = () -> {};

    StubModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The last user text of every completion request, in arrival order. */
    List<String> userTexts() {
        return userTexts;
    }

    /** The output of every tool call the stub asked for, as OpenClaw handed it back, in arrival order. */
    List<String> toolResults() {
        return toolResults;
    }

    /** Every completion request's body as the gateway sent it (model, system prompt, messages), in arrival order. */
    List<JsonNode> requests() {
        return requests;
    }

    /** Runs at every completion request, before answering (a test looks at the world as the model saw it). */
    void onCompletion(Runnable hook) {
        onCompletion = hook;
    }

    void slowChunkMillis(long millis) {
        slowChunkMillis = millis;
    }

    /** The full reply the stub streams for a user text (what a test expects the user to get). */
    static String replyFor(String userText) {
        if (userText.contains(SLOW)) {
            StringBuilder reply = new StringBuilder();
            for (int i = 1; i <= 30; i++) {
                reply.append("part").append(i).append(' ');
            }
            return reply.toString().trim();
        }
        return "Echo: " + userText;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/models")) {
                send(
                        exchange,
                        200,
                        "application/json",
                        "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\"}]}");
                return;
            }
            if (!path.endsWith("/chat/completions")) {
                send(exchange, 404, "application/json", "{\"error\":{\"message\":\"not found\"}}");
                return;
            }
            JsonNode request = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            if (DOWN_MODEL.equals(request.path("model").asText())) {
                send(
                        exchange,
                        503,
                        "application/json",
                        "{\"error\":{\"message\":\"the stub model is overloaded\",\"type\":\"server_error\"}}");
                return;
            }
            String userText = lastUserText(request.path("messages"));
            userTexts.add(userText);
            onCompletion.run();
            if (currentMessage(userText).contains(FAIL)) {
                send(
                        exchange,
                        400,
                        "application/json",
                        "{\"error\":{\"message\":\"the stub model refuses this request\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            String toolResult = newestToolResult(request.path("messages"));
            String original = extractOriginal(userText);
            if (toolResult != null) {
                toolResults.add(toolResult);
            } else if (original.startsWith(EXEC)) {
                streamToolCall(exchange, original.substring(EXEC.length()).strip());
                return;
            }
            String marker = currentMessage(userText).contains(SLOW) ? SLOW : null;
            String reply = toolResult != null ? EXEC_DONE : replyFor(marker != null ? SLOW : original);
            boolean stream = request.path("stream").asBoolean(false);
            if (!stream) {
                ObjectNode body = Json.object()
                        .put("id", "cmpl-stub")
                        .put("object", "chat.completion")
                        .put("model", MODEL);
                ObjectNode choice =
                        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", reply);
                send(exchange, 200, "application/json", Json.write(body));
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String piece : pieces(reply, marker != null)) {
                out.write(chunk(Json.object().put("content", piece), null));
                out.flush();
                if (marker != null) {
                    sleep(slowChunkMillis);
                }
            }
            out.write(chunk(Json.object(), "stop"));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the gateway hung up (killed mid-reply): nothing to answer
        }
    }

    /** One streamed assistant turn that calls the {@code exec} tool. */
    private static void streamToolCall(HttpExchange exchange, String command) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        ObjectNode delta = Json.object().put("role", "assistant");
        ObjectNode call = delta.putArray("tool_calls")
                .addObject()
                .put("index", 0)
                .put("id", "call_" + Long.toHexString(System.nanoTime()))
                .put("type", "function");
        call.putObject("function")
                .put("name", "exec")
                .put("arguments", Json.write(Json.object().put("command", command)));
        out.write(chunk(delta, null));
        out.write(chunk(Json.object(), "tool_calls"));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The result of the tool call that ends the conversation so far (after it only OpenClaw's context block), or null. */
    private static String newestToolResult(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            String role = Json.text(message, "role");
            if ("tool".equals(role)) {
                return GatewayFrames.messageText(message);
            }
            String text = GatewayFrames.messageText(message);
            if (!"user".equals(role) || text == null || !text.startsWith("<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT")) {
                return null;
            }
        }
        return null;
    }

    /** OpenClaw wraps the user's text as {@code [<time>] <text>} followed by a blank line and runtime facts. */
    private static String extractOriginal(String userText) {
        return currentMessage(userText).split("\n", 2)[0].strip();
    }

    /**
     * The user's own words: without the gateway's {@code [time]} prefix and the conversation history the bridge puts
     * before a session's first message in a container (a marker in an earlier turn must not steer this reply).
     */
    private static String currentMessage(String userText) {
        return userText.strip()
                .replaceFirst("^\\[[^\\]]*\\]\\s*", "")
                .replaceFirst("(?s)^<conversation_history>.*?</conversation_history>\\s*", "");
    }

    private static List<String> pieces(String reply, boolean byWord) {
        List<String> pieces = new ArrayList<>();
        if (byWord) {
            String[] words = reply.split(" ");
            for (int i = 0; i < words.length; i++) {
                pieces.add(i == 0 ? words[i] : " " + words[i]);
            }
            return pieces;
        }
        int size = Math.max(1, reply.length() / 4);
        for (int i = 0; i < reply.length(); i += size) {
            pieces.add(reply.substring(i, Math.min(reply.length(), i + size)));
        }
        return pieces;
    }

    private static byte[] chunk(ObjectNode delta, String finishReason) {
        ObjectNode body = Json.object()
                .put("id", "cmpl-stub")
                .put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", MODEL);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return ("data: " + Json.write(body) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The newest user message, skipping the context block OpenClaw appends as a user message of its own. */
    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            String text = GatewayFrames.messageText(message);
            if ("user".equals(Json.text(message, "role"))
                    && text != null
                    && !text.startsWith("<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT")) {
                return text;
            }
        }
        return "";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
