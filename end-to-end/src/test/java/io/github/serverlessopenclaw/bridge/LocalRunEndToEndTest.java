package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.local.ContainerImage;
import io.github.serverlessopenclaw.plugin.local.LocalRun;
import io.github.serverlessopenclaw.plugin.local.LocalRunConfig;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.stacks.SharedValue;
import io.github.serverlessopenclaw.plugin.state.ClusterTasks;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import io.github.serverlessopenclaw.plugin.state.TaskStateTable;
import io.github.serverlessopenclaw.plugin.users.UserData;
import io.github.serverlessopenclaw.plugin.verify.ChatProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The product as {@code openclaw:run} runs it ({@link LocalRun}, the service the goal is a thin layer over): its own
 * moto with the synthesized stacks deployed by the plugin's engine, the real Lambda jar in function JVMs behind the
 * local API Gateway APIs, the real bridge and OpenClaw gateway started by the local ECS, the web UI; driven in Debian's
 * Chromium. The model is the bridge tests' stub (an OpenAI-compatible server of the project's own), pointed at by
 * {@code openclaw.modelBaseUrl}; Telegram's Bot API is a stub that records what the bot sends.
 */
class LocalRunEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TURN_TIMEOUT_MS = 180_000;
    /**
     * How long the user types before sending the first message after opening the chat: the container, started when the
     * chat connected ({@code openclaw.startOnConnect}), comes up meanwhile.
     */
    private static final Duration TYPING_TIME = Duration.ofSeconds(10);

    private static StubModelServer model;
    private static StubTelegramApi telegram;
    private static LocalRun run;
    private static Browser browser;
    private static double startSeconds;
    private static LocalRunConfig config;

    @BeforeAll
    static void startLocalRun() throws IOException {
        model = new StubModelServer();
        telegram = new StubTelegramApi();
        // as a project's target/ is: searchable by others (the bridge, as root, runs the gateway as another user)
        Path runDir = Files.createTempDirectory(
                "openclaw-run",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        Path lambdaZip = Path.of(System.getProperty("openclaw.test.lambdaZip"));
        StackConfig stacks = StackConfig.builder(new AppNames("oc-e2e"), lambdaZip)
                .telegram(true)
                .telegramAllow(List.of(Long.toString(StubTelegramApi.CHAT_ID)))
                .model("stub/" + StubModelServer.MODEL)
                .build();
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        ContainerImage image = new ContainerImage(
                OpenClawInstallation.node(), OpenClawInstallation.entry().getParent(), classpath, Main.class.getName());
        config = new LocalRunConfig(
                stacks,
                runDir,
                Optional.empty(),
                image,
                Map.of(Secret.TELEGRAM_BOT_TOKEN, StubTelegramApi.BOT_TOKEN),
                Optional.of(new LocalRunConfig.ModelEndpoint(
                        URI.create(model.baseUrl()), "openai-completions", Optional.of("stub-key"))),
                Optional.of(telegram.url()),
                0,
                "ada@example.com");
        long started = System.nanoTime();
        run = LocalRun.start(config, line -> System.out.println("[openclaw:run] " + line));
        startSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("openclaw:run to a usable chat: %.1f s%n", startSeconds);
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (run != null) {
            run.close();
        }
        if (telegram != null) {
            telegram.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void chatThroughTheWholeProductOnThisMachine() throws Exception {
        long connectedAt = browser.call("signIn", "url", run.webUrl(), "email", run.email(), "password", run.password())
                .get("connectedAt")
                .asLong();

        // cold: no container yet; the chat's connect starts one (RunTask → bridge → OpenClaw) while the user types,
        // then the message goes to it (→ the stub model)
        awaitTrue(() -> run.ecs().tasks().size() == 1, "the container started by the chat's connect");
        Thread.sleep(TYPING_TIME.toMillis());
        JsonNode cold = browser.call(
                "send",
                "text",
                "hello from the browser",
                "expect",
                StubModelServer.replyFor("hello from the browser"),
                "timeoutMs",
                TURN_TIMEOUT_MS);
        long firstChunkAt =
                cold.get("sentAt").asLong() + cold.get("firstChunkMs").asLong();
        System.out.printf(
                "cold path, chat connected → first chunk in the browser: %d ms; message sent %d s after connecting"
                        + " → first chunk: %d ms (whole reply %d ms)%n",
                firstChunkAt - connectedAt,
                TYPING_TIME.toSeconds(),
                cold.get("firstChunkMs").asLong(),
                cold.get("doneMs").asLong());
        assertThat(model.userTexts()).anyMatch(t -> t.contains("hello from the browser"));
        assertThat(run.ecs().tasks())
                .as("the message went to the container the connect started")
                .hasSize(1);
        String webTask = run.ecs().tasks().get(0).arn();

        // the history comes back from the server after a reload
        JsonNode reloaded = browser.call("reload");
        assertThat(texts(reloaded))
                .contains("hello from the browser", StubModelServer.replyFor("hello from the browser"));

        // warm: the running container answers
        JsonNode warm = browser.call(
                "send",
                "text",
                "second message",
                "expect",
                StubModelServer.replyFor("second message"),
                "timeoutMs",
                TURN_TIMEOUT_MS);
        System.out.printf(
                "warm path, message sent → first chunk in the browser: %d ms (whole reply %d ms)%n",
                warm.get("firstChunkMs").asLong(), warm.get("doneMs").asLong());
        assertThat(run.ecs().tasks()).hasSize(1);
        assertThat(run.ecs().tasks().get(0).lastStatus()).isEqualTo("RUNNING");

        // openclaw:verify's probe (ChatProbe, the service the goal is a thin layer over) against this run: a throw-away
        // user signs in with SRP as the web UI (checked by the project's moto), chats through the WebSocket API on its
        // own
        // cold container, and is removed with that container and its data
        List<String> probeLines = new ArrayList<>();
        ChatProbe.Report probe;
        AppNames probeNames = new AppNames("oc-e2e");
        var testing = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        try (CloudFormationClient cfn = CloudFormationClient.builder()
                        .endpointOverride(run.motoEndpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(testing)
                        .build();
                CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                        .endpointOverride(run.motoEndpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(testing)
                        .build();
                DynamoDbClient dynamo = DynamoDbClient.builder()
                        .endpointOverride(run.motoEndpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(testing)
                        .build();
                S3Client s3 = S3Client.builder()
                        .endpointOverride(run.motoEndpoint())
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(testing)
                        .build();
                EcsClient probeEcs = EcsClient.builder()
                        .endpointOverride(run.ecs().endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(testing)
                        .build();
                ApiGatewayManagementApiClient management = ApiGatewayManagementApiClient.builder()
                        .endpointOverride(run.apis().managementEndpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(testing)
                        .build()) {
            DeployedOutputs outputs = DeployedOutputs.read(cfn, probeNames);
            StateReconciler containers = new StateReconciler(
                    new TaskStateTable(dynamo, probeNames.table(Table.TASK_STATE)),
                    new ClusterTasks(probeEcs, probeNames.cluster()),
                    probeNames.taskFamily(),
                    Clock.systemUTC(),
                    Constants.TASK_START_TIMEOUT);
            UserData data = new UserData(
                    dynamo,
                    s3,
                    Optional.of(management),
                    containers,
                    probeNames,
                    outputs.require(OutputKey.DataBucket),
                    Clock.systemUTC());
            probe = new ChatProbe(
                            cognito,
                            new ChatProbe.Target(
                                    outputs.require(OutputKey.UserPoolId),
                                    outputs.require(OutputKey.UserPoolClientId),
                                    run.apis().webSocketUrl()),
                            ChatProbe.removing(data),
                            Duration.ofSeconds(300),
                            line -> { // the goal's default: a cold start on a loaded machine
                                probeLines.add(line);
                                System.out.println("[openclaw:verify] " + line);
                            },
                            Clock.systemUTC())
                    .run("probe message");
        }
        assertThat(probe.cold()).isTrue();
        assertThat(probe.reply()).isEqualTo(StubModelServer.replyFor("probe message"));
        assertThat(probe.hops())
                .extracting(ChatProbe.Hop::name)
                .containsExactly(
                        ChatProbe.SIGN_IN,
                        ChatProbe.CONNECT,
                        ChatProbe.CONTAINER_START,
                        ChatProbe.FIRST_CHUNK,
                        ChatProbe.END);
        // its question and the answer; NOT yet shown: its container stopped (the local run reports 0 stopped, not
        // understood)
        assertThat(probeLines)
                .anyMatch(l -> l.startsWith("probe user removed: ") && l.contains(" 2 conversation item(s)"));
        assertThat(model.userTexts()).anyMatch(t -> t.contains("probe message"));
        assertThat(run.ecs().tasks()).as("the probe's own container").hasSize(2);

        // a Telegram update through the webhook route is answered in its chat (its own container)
        telegramUpdate("hello from telegram");
        awaitTrue(
                () -> telegram.sentTexts(StubTelegramApi.CHAT_ID).stream()
                        .anyMatch(t -> t.contains(StubModelServer.replyFor("hello from telegram"))),
                "the Telegram reply");
        assertThat(run.ecs().tasks()).hasSize(3); // with the probe's

        // a container stopped (SIGTERM, through ECS's StopTask) mid-reply re-queues the message; the next one answers
        // it
        // the bridge lets a reply that ends within its shutdown budget (25 s) finish; this one takes 30 × 1.5 s
        model.slowChunkMillis(1500);
        String story = "tell me a long story " + StubModelServer.SLOW;
        browser.call("sendUntilFirstChunk", "text", story, "timeoutMs", TURN_TIMEOUT_MS);
        try (EcsClient ecs = EcsClient.builder()
                .endpointOverride(run.ecs().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            String cluster = webTask.split("/")[1];
            ecs.stopTask(b -> b.cluster(cluster).task(webTask).reason("end-to-end test: SIGTERM mid-reply"));
        }
        browser.call("waitText", "text", "your message will be answered again", "timeoutMs", TURN_TIMEOUT_MS);
        awaitTrue(
                () -> run.ecs().tasks().stream()
                        .anyMatch(t -> t.arn().equals(webTask) && t.lastStatus().equals("STOPPED")),
                "the stopped container's STOPPED status");
        model.slowChunkMillis(150);
        browser.call(
                "send",
                "text",
                "are you back?",
                "expect",
                StubModelServer.replyFor("are you back?"),
                "timeoutMs",
                TURN_TIMEOUT_MS);
        browser.call("waitText", "text", StubModelServer.replyFor(StubModelServer.SLOW), "timeoutMs", TURN_TIMEOUT_MS);
        assertThat(run.ecs().tasks()).hasSize(4); // with the probe's
        assertThat(run.ecs().tasks().get(3).lastStatus()).isEqualTo("RUNNING");
        assertThat(model.userTexts().stream()
                        .filter(t -> t.contains("tell me a long story"))
                        .count())
                .as("the story was asked of the model again by the next container")
                .isGreaterThanOrEqualTo(2);
        System.out.printf("openclaw:run to a usable chat: %.1f s%n", startSeconds);

        secondRunResumes();
    }

    /**
     * Ctrl-C (the goal's shutdown hook closes the run), then a second run on the same run directory: the same user
     * signs in with the same password, sees the first run's history, and the next container restores the workspace
     * the first run's containers backed up (now under the user's new Cognito sub).
     */
    private static void secondRunResumes() throws Exception {
        run.close();
        Path state = config.runDirectory().resolve("state");
        String oldSub = JSON.readTree(state.resolve("users.json").toFile())
                .path(run.email())
                .asText();
        assertThat(oldSub).as("the first run's state was saved at Ctrl-C").isNotBlank();
        assertThat(state.resolve("s3/workspaces/" + oldSub))
                .as("the web user's workspace backed up at SIGTERM")
                .isDirectory();

        long started = System.nanoTime();
        run = LocalRun.start(config, line -> System.out.println("[openclaw:run, second] " + line));
        double restartSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("second openclaw:run (state restored) to a usable chat: %.1f s%n", restartSeconds);

        String newSub;
        String bucket;
        try (SsmClient ssm = SsmClient.builder()
                        .endpointOverride(run.motoEndpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(motoCredentials())
                        .build();
                CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                        .endpointOverride(run.motoEndpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(motoCredentials())
                        .build()) {
            bucket = ssm.getParameter(
                            b -> b.name(config.stacks().names().sharedParameter(SharedValue.DATA_BUCKET.key())))
                    .parameter()
                    .value();
            String pool = cognito.listUserPools(b -> b.maxResults(10))
                    .userPools()
                    .get(0)
                    .id();
            newSub = cognito.adminGetUser(b -> b.userPoolId(pool).username(run.email())).userAttributes().stream()
                    .filter(a -> a.name().equals("sub"))
                    .findFirst()
                    .orElseThrow()
                    .value();
        }
        assertThat(newSub).as("moto gives the re-created user a new sub").isNotEqualTo(oldSub);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(run.motoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(motoCredentials())
                .forcePathStyle(true)
                .build()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("workspaces/" + newSub + "/"))
                            .contents())
                    .as("the workspace restored under the new sub")
                    .isNotEmpty();
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("workspaces/" + oldSub + "/"))
                            .contents())
                    .isEmpty();
        }

        // the same user, the same password (kept in the run directory; printed on the first run only)
        browser.call("signIn", "url", run.webUrl(), "email", run.email(), "password", run.password());
        JsonNode history = browser.call("reload");
        assertThat(texts(history))
                .as("the first run's history after the restart")
                .contains("hello from the browser", StubModelServer.replyFor("hello from the browser"));
        JsonNode resumed = browser.call(
                "send",
                "text",
                "after the restart",
                "expect",
                StubModelServer.replyFor("after the restart"),
                "timeoutMs",
                TURN_TIMEOUT_MS);
        System.out.printf(
                "after the restart (its container started by the sign-in's connect), message sent → first chunk in"
                        + " the browser: %d ms%n",
                resumed.get("firstChunkMs").asLong());
        assertThat(run.ecs().tasks()).hasSize(1);
        System.out.printf("second openclaw:run (state restored) to a usable chat: %.1f s%n", restartSeconds);
    }

    private static StaticCredentialsProvider motoCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    private static List<String> texts(JsonNode answer) {
        List<String> texts = new ArrayList<>();
        answer.path("messages").forEach(m -> texts.add(m.path("text").asText()));
        return texts;
    }

    private static void telegramUpdate(String text) throws Exception {
        String secret;
        AppNames names = new AppNames("oc-e2e");
        try (SsmClient ssm = SsmClient.builder()
                .endpointOverride(run.motoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            secret = ssm.getParameter(b -> b.name(Secret.TELEGRAM_WEBHOOK_SECRET.parameterName(names))
                            .withDecryption(true))
                    .parameter()
                    .value();
        }
        long id = StubTelegramApi.CHAT_ID;
        String update =
                "{\"update_id\":1001,\"message\":{\"message_id\":7,\"date\":" + (System.currentTimeMillis() / 1000)
                        + ",\"chat\":{\"id\":" + id + ",\"type\":\"private\"},\"from\":{\"id\":" + id
                        + ",\"is_bot\":false,\"first_name\":\"Ada\"},\"text\":\"" + text + "\"}}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(run.apis().httpApiUrl() + "/telegram"))
                                .header("Content-Type", "application/json")
                                .header("X-Telegram-Bot-Api-Secret-Token", secret)
                                .POST(HttpRequest.BodyPublishers.ofString(update))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("the webhook's answer: %s", response.body())
                .isEqualTo(200);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TURN_TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The browser process, one JSON command per line (see src/test/browser/chat.mjs). */
    static final class Browser implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Browser() throws IOException {
            ProcessBuilder builder = new ProcessBuilder("node", System.getProperty("openclaw.test.browserScript"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("OPENCLAW_WEB_DIR", System.getProperty("openclaw.test.webDir"));
            process = builder.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        JsonNode call(String command, Object... fields) throws IOException, InterruptedException {
            ObjectNode request = JSON.createObjectNode().put("cmd", command);
            for (int i = 0; i < fields.length; i += 2) {
                request.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
            }
            in.write(JSON.writeValueAsString(request) + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError(
                        "the browser process ended (exit " + process.waitFor(5, TimeUnit.SECONDS) + ")");
            }
            JsonNode answer = JSON.readTree(line);
            if (!answer.path("ok").asBoolean()) {
                throw new AssertionError(command + " failed in the browser: "
                        + answer.path("error").asText() + "\nthe page showed:\n"
                        + answer.path("shown").asText());
            }
            return answer;
        }

        @Override
        public void close() throws Exception {
            try {
                in.write("{\"cmd\":\"close\"}\n");
                in.flush();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
