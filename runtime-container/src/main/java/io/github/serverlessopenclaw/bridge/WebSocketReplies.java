package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.TaskStatus;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Replies to a browser through the API Gateway Management API (PostToConnection on the WebSocket API's
 * callback URL): {@code stream_chunk} frames while the reply streams, then {@code stream_end}. Deltas that
 * arrive while a post is in flight are merged into the next frame, so a slow post never builds a backlog.
 * A client that went away ({@code GoneException}) ends the reply quietly.
 */
final class WebSocketReplies {
    private final Function<URI, ApiGatewayManagementApiClient> clientFactory;
    private final Map<URI, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();
    private final java.util.Set<String> announced = ConcurrentHashMap.newKeySet();
    private final Executor pool;
    private final LatencyRecorder latency;

    WebSocketReplies(
            Function<URI, ApiGatewayManagementApiClient> clientFactory, Executor pool, LatencyRecorder latency) {
        this.clientFactory = clientFactory;
        this.pool = pool;
        this.latency = latency;
    }

    /**
     * A reply to one connection. The first reply to a connection starts with {@code status Running}: the
     * browser learns that its agent is up (the Lambda announced {@code Starting}) before the text comes.
     */
    Reply open(String callbackUrl, String connectionId) {
        ApiGatewayManagementApiClient client = clients.computeIfAbsent(URI.create(callbackUrl), clientFactory);
        WebReply reply = new WebReply(client, connectionId);
        if (announced.add(connectionId)) {
            reply.queue.submit(() -> reply.post(Json.object()
                    .put(Protocol.FIELD_TYPE, Protocol.ServerType.status.name())
                    .put(Protocol.FIELD_STATUS, TaskStatus.Running.name())));
        }
        return reply;
    }

    private final class WebReply implements Reply {
        private final ApiGatewayManagementApiClient client;
        private final String connectionId;
        private final SerialQueue queue = new SerialQueue(pool);
        private final StringBuilder pending = new StringBuilder();
        private final StringBuilder streamed = new StringBuilder();
        private boolean pendingReplace;
        private boolean flushScheduled;
        private long oldestPendingNanos;
        private volatile boolean gone;

        WebReply(ApiGatewayManagementApiClient client, String connectionId) {
            this.client = client;
            this.connectionId = connectionId;
        }

        @Override
        public synchronized void chunk(String content, boolean replace) {
            if (replace) {
                pending.setLength(0);
                pendingReplace = true;
            }
            if (pending.length() == 0 && !replace) {
                oldestPendingNanos = System.nanoTime();
            } else if (replace) {
                oldestPendingNanos = System.nanoTime();
            }
            pending.append(content);
            if (!flushScheduled) {
                flushScheduled = true;
                queue.submit(this::flush);
            }
        }

        private void flush() {
            String content;
            boolean replace;
            long since;
            synchronized (this) {
                content = pending.toString();
                replace = pendingReplace;
                since = oldestPendingNanos;
                pending.setLength(0);
                pendingReplace = false;
                flushScheduled = false;
                if (replace) {
                    streamed.setLength(0);
                }
                streamed.append(content);
            }
            if (content.isEmpty() && !replace) {
                return;
            }
            ObjectNode frame = Json.object()
                    .put(Protocol.FIELD_TYPE, Protocol.ServerType.stream_chunk.name())
                    .put(Protocol.FIELD_CONTENT, content);
            if (replace) {
                frame.put(Protocol.FIELD_REPLACE, true);
            }
            post(frame);
            latency.delivered(System.nanoTime() - since);
        }

        @Override
        public void end(String fullText) {
            queue.submit(() -> {
                flush();
                String shown;
                synchronized (this) {
                    shown = streamed.toString();
                }
                if (fullText != null && !fullText.isBlank() && !fullText.equals(shown)) {
                    // the final text differs from what streamed (e.g. a recovered reply): show the final one
                    post(Json.object()
                            .put(Protocol.FIELD_TYPE, Protocol.ServerType.stream_chunk.name())
                            .put(Protocol.FIELD_CONTENT, fullText)
                            .put(Protocol.FIELD_REPLACE, true));
                }
                post(Json.object().put(Protocol.FIELD_TYPE, Protocol.ServerType.stream_end.name()));
            });
        }

        @Override
        public void error(String userText, String code) {
            queue.submit(() -> post(Json.object()
                    .put(Protocol.FIELD_TYPE, Protocol.ServerType.error.name())
                    .put(Protocol.FIELD_ERROR, userText)
                    .put(Protocol.FIELD_CODE, code)));
        }

        @Override
        public CompletableFuture<Void> delivered() {
            return queue.tail();
        }

        private void post(ObjectNode frame) {
            if (gone) {
                return;
            }
            try {
                client.postToConnection(
                        b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(Json.write(frame))));
            } catch (GoneException e) {
                gone = true;
                Log.info("connection " + connectionId + " is gone; dropping the rest of its reply");
            }
        }
    }
}
