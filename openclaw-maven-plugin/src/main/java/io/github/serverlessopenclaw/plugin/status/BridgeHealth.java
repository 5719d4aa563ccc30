package io.github.serverlessopenclaw.plugin.status;

import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RowSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each container's address and whether its bridge answers, asked as the Lambdas ask it: {@code GET /health} over
 * TLS pinned to the certificate its TaskState row names, with the row's token. A bridge that answers with another
 * certificate fails the handshake before the token is sent.
 */
public final class BridgeHealth {
    /** The row attributes the bridge writes about itself (the bridge's publicIp has no shared constant yet). */

    /** One container as its row describes it. */
    public record Bridge(
            String user, String taskArn, String publicIp, Optional<String> certSha256, Optional<String> token) {}

    private final int port;
    private final Duration timeout;

    public BridgeHealth(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    /** The rows with an address (a container that got as far as writing it). */
    public static List<Bridge> fromTaskState(DynamoDbClient dynamo, String table) {
        List<Bridge> bridges = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> {
                    String ip = text(item, RowSchema.TaskState.PUBLIC_IP).orElse(null);
                    String pk = text(item, Constants.PK).orElse("");
                    if (ip != null && pk.startsWith(Constants.USER_PREFIX)) {
                        bridges.add(new Bridge(
                                pk.substring(Constants.USER_PREFIX.length()),
                                text(item, RowSchema.TaskState.TASK_ARN).orElse("-"),
                                ip,
                                text(item, Constants.TASK_STATE_CERT_SHA256),
                                text(item, Constants.TASK_STATE_BRIDGE_TOKEN)));
                    }
                });
        return bridges;
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s).filter(s -> !s.isBlank());
    }

    /** {@code healthy}, {@code answered <status>}, {@code unreachable (<why>)} or {@code not pinned}. Never the token. */
    public String probe(Bridge bridge) {
        if (bridge.certSha256().isEmpty() || bridge.token().isEmpty()) {
            return "not pinned (no certificate fingerprint or token in its row)";
        }
        try {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(BridgeTls.pinnedClient(bridge.certSha256().get()))
                    .connectTimeout(timeout)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("https://" + bridge.publicIp() + ":" + port + Protocol.BRIDGE_HEALTH))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + bridge.token().get())
                    .header(Protocol.BRIDGE_TASK_HEADER, bridge.taskArn())
                    .GET()
                    .build();
            int status =
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? "healthy" : "answered " + status;
        } catch (IOException | IllegalArgumentException e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable (interrupted)";
        }
    }

    /** One line per container: user, address, health. */
    public List<String> lines(List<Bridge> bridges) {
        List<String> lines = new ArrayList<>();
        lines.add("Bridges");
        if (bridges.isEmpty()) {
            lines.add("  (no container has an address)");
        }
        for (Bridge bridge : bridges) {
            lines.add(String.format("  %-40s %s:%d  %s", bridge.user(), bridge.publicIp(), port, probe(bridge)));
        }
        return lines;
    }
}
