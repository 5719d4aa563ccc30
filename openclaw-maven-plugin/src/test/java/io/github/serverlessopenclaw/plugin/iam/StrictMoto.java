package io.github.serverlessopenclaw.plugin.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.testing.BackgroundProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The strict moto_server (launcher with OPENCLAW_MOTO_STRICT=1; scripts/test passes its endpoint as
 * openclaw.test.strictMotoEndpoint, else one is started for this JVM): IAM enforcement on and off, and the
 * decisions it recorded. Enforcement is global to that server, so its users run one at a time.
 */
final class StrictMoto {
    static final Region REGION = Region.US_EAST_1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StrictMoto instance;

    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    private StrictMoto(URI endpoint) {
        this.endpoint = endpoint;
    }

    static synchronized StrictMoto get() {
        if (instance == null) {
            String external = System.getProperty("openclaw.test.strictMotoEndpoint", "");
            instance = new StrictMoto(URI.create(external.isBlank() ? start() : external));
        }
        return instance;
    }

    private static String start() {
        Path launcher = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && launcher == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/moto/launcher.py");
            launcher = Files.exists(candidate) ? candidate : null;
        }
        if (launcher == null) {
            throw new IllegalStateException("scripts/moto/launcher.py not found above " + Path.of("").toAbsolutePath());
        }
        return BackgroundProcess.start(List.of("python3", launcher.toString(), "-H", "127.0.0.1", "-p", "0"),
                Pattern.compile("Running on (http://127\\.0\\.0\\.1:\\d+)"), Duration.ofSeconds(60),
                Map.of("OPENCLAW_MOTO_STRICT", "1")).readyGroup();
    }

    URI endpoint() {
        return endpoint;
    }

    /** On: every later call is checked against its caller's policies. Off: moto accepts anything. */
    void enforce(boolean on) {
        post("/moto-api/reset-auth", on ? "0" : "inf");
    }

    /** Enforcement off, every backend wiped, the recorded decisions cleared. */
    void reset() {
        enforce(false);
        post("/moto-api/reset", "");
        post("/moto-api/openclaw/iam-calls/reset", "");
    }

    /** The IAM actions a principal was allowed, from the decisions the strict mode recorded. */
    Set<String> allowedActions(String principal) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode call : calls()) {
            if (call.path("principal").asText().equals(principal) && call.path("decision").asText().equals("Allow")) {
                actions.add(call.path("action").asText());
            }
        }
        return actions;
    }

    /** "action resource decision" of every refused call of a principal. */
    List<String> denied(String principal) {
        List<String> refused = new ArrayList<>();
        for (JsonNode call : calls()) {
            if (call.path("principal").asText().equals(principal) && !call.path("decision").asText().equals("Allow")) {
                refused.add(call.path("action").asText() + " " + call.path("resource").asText() + " " + call.path("decision").asText());
            }
        }
        return refused;
    }

    private JsonNode calls() {
        try {
            return JSON.readTree(send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/openclaw/iam-calls")).GET()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void post(String path, String body) {
        send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("strict moto answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("strict moto at " + endpoint + " is not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
