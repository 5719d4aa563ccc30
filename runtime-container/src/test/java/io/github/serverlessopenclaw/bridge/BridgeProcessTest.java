package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bridge as the container runs it: {@code Main} in its own JVM, configured only by environment variables,
 * supervising the real gateway; then SIGTERM, as ECS sends on Spot reclaim or StopTask.
 */
@ExtendWith(MotoExtension.class)
class BridgeProcessTest {
    private static final Pattern GATEWAY_PID = Pattern.compile("gateway started \\(pid (\\d+)\\)");
    private static final String USER = "user-process";
    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/test-cluster/process";

    @Test
    void sigtermFinishesRequeuesBacksUpReleasesAndStopsTheGateway(Moto moto) throws Exception {
        AwsServices aws = AwsFixture.services(moto);
        AwsFixture.create(aws);
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.TASK_STATE)
                        .item(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + USER),
                                "status",
                                AttributeValue.fromS("Starting"),
                                "taskArn",
                                AttributeValue.fromS(TASK_ARN))));
        Path state = Files.createTempDirectory("bridge-process-state");
        int port = OpenClawInstallation.freePort();
        List<String> output = new CopyOnWriteArrayList<>();
        // A Telegram Bot API stand-in that takes the connection and never answers (the real API is not reachable
        // from tests): the start-up notices to the chat this container was started for must not hold up the start.
        try (StubModelServer model = new StubModelServer();
                Recorder apiGateway = new Recorder();
                EcsMetadataStandIn metadata = new EcsMetadataStandIn(TASK_ARN, "10.0.9.9");
                ServerSocket silentTelegram = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            model.slowChunkMillis(2000); // a reply of 60 s: still running when SIGTERM comes
            Map<String, String> env = BridgeEnv.of(
                    USER, "gateway-" + UUID.randomUUID(), state, model, port, moto, metadata.uri(), apiGateway.url());
            env.put(Env.SHUTDOWN_BUDGET_SECONDS, "20");
            env.put(Env.TELEGRAM_BOT_TOKEN, "123:not-a-real-bot");
            env.put(Env.TELEGRAM_API_URL, "http://127.0.0.1:" + silentTelegram.getLocalPort());
            env.put(Env.TASK_TELEGRAM_CHAT_ID, "4242");
            BridgeJvm jvm = BridgeJvm.start(env, false, output, "bridge-process", line -> line.contains("[bridge]"));
            Process bridge = jvm.process();
            try {
                jvm.awaitLine("ready in", Duration.ofMinutes(6));
                // the gateway names the plugins it loaded: none of those the bridge's config denies
                String plugins = output.stream()
                        .filter(line -> line.contains("http server listening ("))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the gateway did not list its plugins"));
                assertThat(plugins).contains("memory-core");
                assertThat(GatewayConfigFile.DISABLED_PLUGINS)
                        .noneMatch(plugin -> plugins.matches(".*[ (:,]" + plugin + "[,;)].*"));
                jvm.awaitLine(
                        "Telegram sendMessage failed",
                        Duration.ofSeconds(30)); // the notice timed out, the start did not wait
                assertThat(output)
                        .noneMatch(line -> line.contains("not-a-real-bot")); // the token never reaches the log
                long gatewayPid = gatewayPid(output);
                assertThat(row(aws))
                        .containsEntry("status", AttributeValue.fromS("Running"))
                        .containsEntry("publicIp", AttributeValue.fromS("10.0.9.9"));
                Files.writeString(GatewaySettings.workspaceOf(state).resolve("made-by-agent.txt"), "keep me");

                // the process made its own certificate and token and wrote them to its row: call it as the Lambdas do
                LambdaCalls.Target target = LambdaCalls.Target.fromRow(port, row(aws));
                assertThat(output).noneMatch(line -> line.contains(target.token())); // the token never reaches the log
                assertThat(LambdaCalls.postMessage(
                                        target, USER, "tell a long story " + StubModelServer.SLOW, "web", "conn-1")
                                .statusCode())
                        .isEqualTo(202);
                apiGateway.awaitType("conn-1", "stream_chunk", Duration.ofMinutes(3));
                // the gateway logs each refresh of the hosted model catalog ("... refresh failed" offline,
                // "... downloaded" online) a moment after ready: with the refresh off, none by the first chunk
                assertThat(output).noneMatch(line -> line.contains("remote model catalog"));

                long signalled = System.nanoTime();
                bridge.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                assertThat(bridge.waitFor(40, TimeUnit.SECONDS))
                        .as("bridge exited")
                        .isTrue();
                long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);
                System.out.println("[measure] SIGTERM to exit: " + stopSeconds + " s");
                jvm.awaitLine("stopped (SIGTERM)", Duration.ofSeconds(30)); // its output is read to the end
                assertThat(ProcessHandle.of(gatewayPid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .as("gateway process after the bridge stopped")
                        .isFalse();
                // the unfinished reply: the user is told, the message waits for the next container
                List<Recorder.Post> frames = apiGateway.to("conn-1");
                assertThat(frames.get(frames.size() - 1).body().path("code").asText())
                        .isEqualTo("requeued");
                var queued =
                        aws.dynamo().scan(b -> b.tableName(AwsFixture.PENDING)).items();
                assertThat(queued).singleElement().satisfies(item -> {
                    assertThat(item.get("message").s()).isEqualTo("tell a long story " + StubModelServer.SLOW);
                    assertThat(item.get("connectionId").s()).isEqualTo("conn-1");
                });
                assertThat(aws.s3()
                                .getObjectAsBytes(b ->
                                        b.bucket(AwsFixture.BUCKET).key("workspaces/" + USER + "/made-by-agent.txt"))
                                .asUtf8String())
                        .isEqualTo("keep me");
                assertThat(row(aws)).as("TaskState row released").isEmpty();
            } finally {
                bridge.destroyForcibly();
                bridge.descendants().forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static long gatewayPid(List<String> output) {
        for (String line : output) {
            Matcher matcher = GATEWAY_PID.matcher(line);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        throw new AssertionError("no gateway pid logged");
    }

    private static Map<String, AttributeValue> row(AwsServices aws) {
        return aws.dynamo()
                .getItem(
                        b -> b.tableName(AwsFixture.TASK_STATE).key(Map.of("PK", AttributeValue.fromS("USER#" + USER))))
                .item();
    }
}
