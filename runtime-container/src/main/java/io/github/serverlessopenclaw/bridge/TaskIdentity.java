package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Who this task is and where the Lambdas reach it, from the ECS task metadata endpoint (v4): the task ARN and
 * the private IPv4 of its network interface; the public IP (the Lambdas run outside the VPC) from EC2
 * DescribeNetworkInterfaces filtered by that private address ({@link PublicIpLookup}). Without a public IP the private one is used.
 */
record TaskIdentity(String taskArn, String cluster, String privateIp, String publicIp) {

    /** The address to publish in TaskState: public when there is one. */
    String reachableIp() {
        return publicIp != null ? publicIp : privateIp;
    }

    static TaskIdentity fromMetadata(URI metadataEndpoint, PublicIpLookup publicIps) {
        JsonNode task = fetch(URI.create(metadataEndpoint.toString().replaceAll("/$", "") + "/task"));
        String taskArn = Json.text(task, "TaskARN");
        String cluster = Json.text(task, "Cluster");
        if (taskArn == null) {
            throw new IllegalStateException("the ECS metadata at " + metadataEndpoint + " names no TaskARN");
        }
        String privateIp = null;
        for (JsonNode container : task.path("Containers")) {
            for (JsonNode network : container.path("Networks")) {
                JsonNode addresses = network.path("IPv4Addresses");
                if (addresses.isArray() && !addresses.isEmpty()) {
                    privateIp = addresses.get(0).asText();
                }
            }
            if (privateIp != null) {
                break;
            }
        }
        return new TaskIdentity(
                taskArn,
                cluster,
                privateIp,
                privateIp == null || publicIps == null ? null : publicIps.publicIp(privateIp));
    }

    private static JsonNode fetch(URI uri) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the ECS metadata endpoint answered " + response.statusCode());
            }
            return Json.read(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the ECS metadata endpoint " + uri + " is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
