package io.github.serverlessopenclaw.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;

/**
 * One {@code moto_server} for the whole test JVM, started through the project's launcher
 * ({@code scripts/moto/launcher.py}, which registers the CloudFormation models moto lacks), with the
 * request recorder on. When {@code openclaw.test.motoEndpoint} is set (scripts/test starts one for the
 * whole build and the invoker ITs), that server is used instead.
 */
public final class Moto {
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final Region REGION = Region.US_EAST_1;
    /** moto's default account. */
    public static final String ACCOUNT = "123456789012";

    private static Moto instance;
    private static Moto strict;

    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    private Moto(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The shared server, started on first use. */
    public static synchronized Moto get() {
        if (instance == null) {
            String external = System.getProperty("openclaw.test.motoEndpoint", "");
            instance = new Moto(URI.create(external.isBlank() ? startServer(false) : external));
            instance.control("/moto-api/recorder/start-recording");
        }
        return instance;
    }

    /**
     * The second server, in strict mode ({@code OPENCLAW_MOTO_STRICT=1}: IAM enforcement usable for the product's
     * roles, see {@code scripts/moto/openclaw_moto/strict_iam.py}); {@code openclaw.test.strictMotoEndpoint} when
     * scripts/test started it. Its IAM switch is global to the process: use it through {@link StrictIam} only.
     */
    static synchronized Moto strict() {
        if (strict == null) {
            String external = System.getProperty("openclaw.test.strictMotoEndpoint", "");
            strict = new Moto(URI.create(external.isBlank() ? startServer(true) : external));
            strict.control("/moto-api/recorder/start-recording");
        }
        return strict;
    }

    private static String startServer(boolean strictMode) {
        Path launcher = launcher();
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "MOTO_ENABLE_RECORDING",
                "1",
                "MOTO_RECORDER_FILEPATH",
                tempFile("moto-recording", ".jsonl").toString()));
        if (strictMode) {
            environment.put("OPENCLAW_MOTO_STRICT", "1");
        }
        BackgroundProcess server = BackgroundProcess.start(
                List.of("python3", launcher.toString(), "-H", "127.0.0.1", "-p", "0"),
                Pattern.compile("Running on (http://127\\.0\\.0\\.1:\\d+)"),
                Duration.ofSeconds(60),
                environment);
        RequiredTool.check("moto_server"); // the launcher imports moto; fail with the install hint if absent
        return server.readyGroup();
    }

    private static Path launcher() {
        String configured = System.getProperty("openclaw.test.motoLauncher", "");
        if (!configured.isBlank() && Files.exists(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/moto/launcher.py");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "scripts/moto/launcher.py not found above " + Path.of("").toAbsolutePath()
                        + "; run the tests from the project checkout or set -Dopenclaw.test.motoLauncher");
    }

    private static Path tempFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(prefix, suffix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Points an SDK client builder at moto with static test credentials (and path-style S3). */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
        if (builder instanceof S3BaseClientBuilder<?, ?> s3) {
            s3.forcePathStyle(true);
        }
        return builder;
    }

    /** A ready client: {@code moto.client(S3Client.builder())}. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return configure(builder).build();
    }

    /** Wipes every backend and the request recording. */
    public void reset() {
        control("/moto-api/reset");
        control("/moto-api/recorder/reset-recording");
    }

    /** Every request moto received since the last reset, oldest first. */
    public List<RecordedRequest> recordedRequests() {
        String body = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/recorder/download-recording"))
                .GET());
        List<RecordedRequest> requests = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                requests.add(RecordedRequest.parse(line));
            }
        }
        return requests;
    }

    /** POST to one of moto's control endpoints. */
    public String control(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** GET one of moto's control endpoints. */
    public String read(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
    }

    /** POST a plain body to one of moto's control endpoints (reset-auth takes a number). */
    String controlText(String path, String body) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POST JSON to one of moto's control endpoints (state manager, config). */
    public String control(String path, String json) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) { // the state manager answers 201
                throw new IllegalStateException("moto answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("moto at " + endpoint + " is not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One line of moto's request recorder: method, path, the AWS operation (from {@code X-Amz-Target},
     * or {@code Action=} of query-protocol bodies) and the service (from the signature's scope).
     */
    public record RecordedRequest(String method, String url, String service, String operation, String body) {
        // possessive runs: a backtracking alternation overflows the stack on large bodies (templates)
        private static final Pattern FIELD = Pattern.compile("\"(method|url|body)\": \"((?:[^\"\\\\]++|\\\\.)*+)\"");
        private static final Pattern TARGET = Pattern.compile("\"[Xx]-[Aa]mz-[Tt]arget\": \"[^\".]*\\.([A-Za-z]+)\"");
        private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d+/[^/]+/([a-z0-9-]+)/aws4_request");
        private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");

        static RecordedRequest parse(String line) {
            String method = "";
            String url = "";
            String body = "";
            Matcher fields = FIELD.matcher(line);
            while (fields.find()) {
                switch (fields.group(1)) {
                    case "method" -> method = fields.group(2);
                    case "url" -> url = fields.group(2);
                    default -> body = fields.group(2);
                }
            }
            if (line.contains("\"body_encoded\": true")) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            Matcher scope = SCOPE.matcher(line);
            String service = scope.find() ? scope.group(1) : "";
            Matcher target = TARGET.matcher(line);
            Matcher action = ACTION.matcher(body);
            String operation = target.find() ? target.group(1) : action.find() ? action.group(1) : "";
            return new RecordedRequest(method, url, service, operation, body);
        }

        /** True for calls that change state: every non-GET/HEAD REST call and every mutating operation name. */
        public boolean isWrite() {
            if (!operation.isEmpty()) {
                return !operation.matches("(Describe|Get|List|Batch[Gg]et|Query|Scan|Head|Validate|Estimate).*");
            }
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }
}
