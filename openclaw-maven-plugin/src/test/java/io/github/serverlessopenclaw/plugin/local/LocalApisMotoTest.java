package io.github.serverlessopenclaw.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployLogs;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Deployer;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.stacks.SharedValue;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The product's Api stack synthesized with the real Lambda jar (built by the reactor) and deployed to moto with the
 * plugin's own engine, then served by {@link LocalApis} on AWS's runtime interface client: real handlers, real events,
 * real tokens from moto's Cognito. Each test drives a client (the JDK's WebSocket and HTTP clients, the AWS SDK's
 * management API client) and observes what the product did (its Connections rows, the frames it pushed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(MotoExtension.class)
class LocalApisMotoTest {
    private static final AppNames NAMES = new AppNames("oc-local");
    private static final String PASSWORD = "Local-Pass-2024!";

    private final Moto moto = Moto.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalApis apis;
    private Path lambdaJar;
    private Path work;
    private String poolId;
    private String clientId;
    private String idToken;
    private String sub;

    @BeforeAll
    void deployAndStart() throws Exception {
        lambdaJar = Path.of(System.getProperty("openclaw.test.lambdaJar", ""));
        assertThat(lambdaJar)
                .as("the shaded runtime-lambdas jar (build with -am through package)")
                .isRegularFile();
        work = Files.createTempDirectory("local-apis");
        StackConfig config = StackConfig.builder(NAMES, lambdaJar).build();
        Path assembly =
                new Synthesizer().synthesize(config, work.resolve("cdk.out")).outDir();
        AwsClients aws = new AwsClients(
                        AwsSettings.of(Moto.REGION.id(), null, moto.endpoint().toString()))
                .withCredentials(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)));
        DeployLogs.Collecting log = new DeployLogs.Collecting();
        new Bootstrapper(aws, log).bootstrap(StackConfig.DEFAULT_QUALIFIER, DeployMethod.CHANGE_SET);
        DeployReport report = new Deployer(aws, log)
                .deploy(assembly, DeployOptions.defaults().withStacks(Set.of(ProductStack.API.id())));
        assertThat(report.succeeded()).as(String.join("\n", log.lines())).isTrue();
        try (SsmClient ssm = moto.client(SsmClient.builder())) {
            poolId = ssm.getParameter(b -> b.name(NAMES.sharedParameter(SharedValue.USER_POOL_ID.key())))
                    .parameter()
                    .value();
            clientId = ssm.getParameter(b -> b.name(NAMES.sharedParameter(SharedValue.USER_POOL_CLIENT_ID.key())))
                    .parameter()
                    .value();
        }
        try (CognitoIdentityProviderClient cognito = moto.client(CognitoIdentityProviderClient.builder());
                CognitoUsers users = new CognitoUsers(cognito, poolId)) {
            sub = users.create("local@example.com", PASSWORD).sub();
            idToken = signIn(cognito, clientId);
        }

        long started = System.nanoTime();
        apis = LocalApis.start(
                LocalApisConfig.builder(moto.endpoint(), Moto.REGION.id(), NAMES, lambdaJar, work.resolve("logs"))
                        .runtime(LocalApisConfig.RuntimeChoice.RUNTIME_INTERFACE_CLIENT)
                        .build());
        System.out.printf(
                "LocalApis: %d functions ready in %d ms on %s%n",
                apis.functions().size(), (System.nanoTime() - started) / 1_000_000, apis.runtimePath());
        apis.functions()
                .forEach(f -> System.out.printf(
                        "  %-28s init %5d ms  %s%n", f.name(), f.init().toMillis(), f.log()));
    }

    @AfterAll
    void stop() {
        if (apis != null) {
            apis.close();
        }
    }

    private static String signIn(CognitoIdentityProviderClient cognito, String client) {
        return cognito.initiateAuth(b -> b.clientId(client)
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", "local@example.com", "PASSWORD", PASSWORD)))
                .authenticationResult()
                .idToken();
    }

    @Test
    void everyFunctionOfTheStackRunsOnTheRuntimeInterfaceClient() {
        assertThat(apis.functions())
                .extracting(LocalApis.FunctionInfo::name)
                .containsExactlyInAnyOrder(java.util.Arrays.stream(Handler.values())
                        .map(h -> h.functionName(NAMES))
                        .toArray(String[]::new));
        assertThat(apis.runtimePath()).contains("runtime interface client");
        assertThat(apis.managementEndpoint().getPath()).isEqualTo("/prod");
    }

    @Test
    void aValidTokenConnectsAndWsMessageAnswersThroughConnections() throws Exception {
        Frames frames = new Frames();
        WebSocket socket = connect(idToken, frames);
        // ws-connect stored the connection under the token's subject
        String connectionId = awaitConnectionOf(sub);
        socket.sendText("{\"action\":\"getStatus\"}", true).join();
        JsonNode status = Events.JSON.readTree(frames.next());
        assertThat(status.path("type").asText()).isEqualTo("status");
        assertThat(status.path("status").asText()).isEqualTo("Idle");

        // the management API describes it, as API Gateway's GET @connections does
        try (ApiGatewayManagementApiClient management = management()) {
            var described = management.getConnection(b -> b.connectionId(connectionId));
            assertThat(described.identity().sourceIp()).isEqualTo("127.0.0.1");
        }

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        // ws-disconnect forgot it
        awaitNoConnectionOf(sub);
    }

    @Test
    void aBadTokenIsRefusedAtTheHandshakeAndNothingIsStored() throws Exception {
        for (String token :
                List.of("", "not.a.token", forgedWithOwnKey(motoKeyId()), algNone(motoKeyId()), otherClientToken())) {
            assertThatThrownBy(() -> connect(token, new Frames()))
                    .as(token)
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause())
                                    .getResponse()
                                    .statusCode())
                            .isEqualTo(401));
        }
        assertThat(connectionsOf(sub)).isEmpty();
    }

    @Test
    void theHttpApiRunsTheJwtAuthorizerBeforeTheFunction() throws Exception {
        assertThat(get("/status", null)).isEqualTo("401 {\"message\":\"Unauthorized\"}");
        assertThat(get("/status", "Bearer not-a-jwt")).isEqualTo("401 {\"message\":\"Unauthorized\"}");
        assertThat(get("/status", "Bearer " + forgedWithOwnKey(motoKeyId()))).startsWith("401 ");
        assertThat(get("/status", "Bearer " + algNone(motoKeyId()))).startsWith("401 ");
        assertThat(get("/status", "Bearer " + otherClientToken())).startsWith("401 ");
        // accepted, alone or after Bearer, and the handler reads the subject from the claims API Gateway passes
        assertThat(get("/status", "Bearer " + idToken)).isEqualTo("200 {\"status\":\"Idle\"}");
        assertThat(get("/status", idToken)).isEqualTo("200 {\"status\":\"Idle\"}");
        assertThat(get("/nowhere", "Bearer " + idToken)).isEqualTo("404 {\"message\":\"Not Found\"}");
    }

    @Test
    void aFrameOver32KbClosesTheConnectionWith1009() throws Exception {
        // a raw client: the JDK's splits large messages into frames of its own size
        try (Socket socket =
                new Socket(apis.webSocketUrl().getHost(), apis.webSocketUrl().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + apis.webSocketUrl().getPath() + "?token=" + idToken + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head)
                    .startsWith("HTTP/1.1 101 ")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455's example
            int length = WebSocketServer.MAX_FRAME_BYTES + 1;
            out.write(new byte[] {
                (byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0, (byte) (length >>> 8), (byte) length, 1, 2, 3, 4
            });
            out.write(new byte[length]);
            out.flush();
            int b0 = in.read();
            int b1 = in.read();
            byte[] payload = in.readNBytes(b1 & 0x7F);
            assertThat(b0).as("a close frame").isEqualTo(0x88);
            assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1009);
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void aMessageOver128KbInSmallFramesClosesTheConnectionWith1009ButOneUnderItPasses() throws Exception {
        Frames frames = new Frames();
        WebSocket socket = connect(idToken, frames);
        String chunk = "y".repeat(30 * 1024);
        // 120 KB in four frames passes API Gateway; ws-message refuses bodies over 64 KB and says so
        for (int i = 0; i < 4; i++) {
            socket.sendText(chunk, i == 3).join();
        }
        assertThat(Events.JSON.readTree(frames.next()).path("code").asText()).isEqualTo("body_too_large");
        for (int i = 0; i < 5; i++) {
            socket.sendText(chunk, i == 4).join();
        }
        assertThat(frames.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void theManagementApiAnswersGoneForAnUnknownConnectionAndRefusesUnsignedCalls() throws Exception {
        try (ApiGatewayManagementApiClient management = management()) {
            assertThatThrownBy(() -> management.postToConnection(
                            b -> b.connectionId("AAAAAAAAAAAAAA=").data(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(GoneException.class);
            assertThatThrownBy(() -> management.deleteConnection(b -> b.connectionId("AAAAAAAAAAAAAA=")))
                    .isInstanceOf(GoneException.class);
        }
        HttpResponse<String> unsigned = http.send(
                HttpRequest.newBuilder(URI.create(apis.managementEndpoint() + "/@connections/AAAAAAAAAAAAAA%3D"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }

    @Test
    void theProjectsOwnLoopRunsAHandlerOnTheSameRuntimeApi() throws Exception {
        LocalApisConfig config = LocalApisConfig.builder(
                        moto.endpoint(),
                        Moto.REGION.id(),
                        NAMES,
                        lambdaJar,
                        Files.createDirectories(work.resolve("own-loop")))
                .runtime(LocalApisConfig.RuntimeChoice.OWN_LOOP)
                .build();
        DeployedApis.Function disconnect = DeployedApis.read(config).functions().stream()
                .filter(f -> f.name().equals(Handler.WS_DISCONNECT.functionName(NAMES)))
                .findFirst()
                .orElseThrow();
        try (DynamoDbClient dynamo = moto.client(DynamoDbClient.builder());
                LocalFunction function = new LocalFunction(disconnect, FunctionLauncher.create(config), Map.of())) {
            dynamo.putItem(b -> b.tableName(NAMES.table(Table.CONNECTIONS))
                    .item(Map.of(
                            "PK",
                            AttributeValue.fromS("CONN#ownLoop0000000="),
                            "userId",
                            AttributeValue.fromS("someone"))));
            function.start();
            function.awaitReady();
            LocalFunction.Result result = function.invoke(("{\"requestContext\":{\"routeKey\":\"$disconnect\","
                            + "\"eventType\":\"DISCONNECT\",\"connectionId\":\"ownLoop0000000=\"}}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(result.error()).as(result.text()).isFalse();
            assertThat(Events.JSON.readTree(result.payload()).path("statusCode").asInt())
                    .isEqualTo(200);
            assertThat(connectionsOf("someone")).isEmpty();
            assertThat(Files.readString(function.logFile())).contains("the project's own loop");
        }
    }

    // ---- clients

    /** Text messages and the close code a client sees. */
    static final class Frames implements WebSocket.Listener {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            String text = texts.poll(30, TimeUnit.SECONDS);
            assertThat(text).as("a frame within 30 s").isNotNull();
            return text;
        }
    }

    private WebSocket connect(String token, Frames frames) {
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(apis.webSocketUrl() + "?token=" + token), frames)
                .join();
    }

    private String get(String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(apis.httpApiUrl() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private ApiGatewayManagementApiClient management() {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(apis.managementEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    private List<Map<String, AttributeValue>> connectionsOf(String userId) {
        try (DynamoDbClient dynamo = moto.client(DynamoDbClient.builder())) {
            return dynamo.scan(b -> b.tableName(NAMES.table(Table.CONNECTIONS))).items().stream()
                    .filter(item -> item.get("PK").s().startsWith("CONN#"))
                    .filter(item ->
                            item.containsKey("userId") && item.get("userId").s().equals(userId))
                    .toList();
        }
    }

    private String awaitConnectionOf(String userId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var rows = connectionsOf(userId);
            if (!rows.isEmpty()) {
                return rows.get(0).get("PK").s().substring("CONN#".length());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no Connections row of " + userId);
    }

    private void awaitNoConnectionOf(String userId) throws InterruptedException {
        for (int i = 0; i < 600 && !connectionsOf(userId).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(connectionsOf(userId)).as("ws-disconnect deleted the row").isEmpty();
    }

    // ---- tokens

    /** An ID token of the same user from another app client of the pool: the wrong audience. */
    private String otherClientToken() {
        try (CognitoIdentityProviderClient cognito = moto.client(CognitoIdentityProviderClient.builder())) {
            String other = cognito.createUserPoolClient(b -> b.userPoolId(poolId)
                            .clientName("other-app")
                            .explicitAuthFlows(
                                    ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                                    ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                    .userPoolClient()
                    .clientId();
            return signIn(cognito, other);
        }
    }

    private String motoKeyId() throws Exception {
        String jwks = http.send(
                        HttpRequest.newBuilder(moto.endpoint().resolve("/" + poolId + "/.well-known/jwks.json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return Events.JSON.readTree(jwks).path("keys").get(0).path("kid").asText();
    }

    /** The real token's claims, signed by a key of our own under the pool's key id. */
    private String forgedWithOwnKey(String kid) throws Exception {
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        var pair = keys.generateKeyPair();
        String signingInput = b64("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}") + "." + idToken.split("\\.")[1];
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(pair.getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private String algNone(String kid) {
        return b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "." + idToken.split("\\.")[1] + ".";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
