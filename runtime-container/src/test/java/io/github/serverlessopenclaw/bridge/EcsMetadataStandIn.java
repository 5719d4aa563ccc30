package io.github.serverlessopenclaw.bridge;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The ECS task metadata endpoint v4 ({@code GET <uri>/task}), which ECS serves inside the task; moto has none.
 * The shape is the documented one for an awsvpc task, reduced to the fields the bridge reads.
 */
final class EcsMetadataStandIn implements AutoCloseable {
    private final HttpServer server;

    EcsMetadataStandIn(String taskArn, String privateIp) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String task = "{\"Cluster\":\"test-cluster\",\"TaskARN\":\"" + taskArn + "\",\"Family\":\"test\","
                + "\"Containers\":[{\"Name\":\"openclaw\",\"Networks\":[{\"NetworkMode\":\"awsvpc\","
                + "\"IPv4Addresses\":[\"" + privateIp + "\"],\"MACAddress\":\"0a:00:00:00:00:01\"}]}]}";
        server.createContext("/v4/task-1/task", exchange -> {
            try (exchange) {
                byte[] body = task.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** What ECS puts in ECS_CONTAINER_METADATA_URI_V4. */
    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v4/task-1";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
