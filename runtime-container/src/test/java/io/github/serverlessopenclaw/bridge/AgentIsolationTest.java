package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The agent attacking the platform, along the real path: the bridge as the container runs it ({@code Main} in its
 * own JVM, with the container's secrets in its environment), the real OpenClaw gateway it starts, and the stub
 * model playing a prompt-injected model that makes the agent run shell commands through OpenClaw's {@code exec}
 * tool (enabled in the config the bridge writes). Each test reads what the command printed, as OpenClaw handed it
 * back to the model, and asserts the attack failed and nothing changed.
 *
 * <p>Run as root (CI, and the container) the bridge starts the gateway as uid {@value Constants#GATEWAY_UID}; run
 * as another user it cannot, and the tests that depend on the separation assert that it is off (the attack then
 * succeeds, which they check and print) instead of skipping.
 *
 * <p>The methods share one bridge and gateway (a start costs minutes) and run in {@code @Order}: the signal attempt
 * comes last because, with the separation off, it may end the bridge the other attacks go through.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentIsolationTest {
    private static final Pattern GATEWAY_PID = Pattern.compile("gateway started \\(pid (\\d+)\\)");
    private static final String USER = "user-isolation";
    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/test-cluster/isolation";

    /** The bridge's own token (made at its start, published only in its TaskState row). */
    private String bridgeToken;

    private final String gatewayToken = "gateway-" + UUID.randomUUID();
    private final String telegramToken = "123456:telegram-" + UUID.randomUUID();
    private final String awsSecretKey = "aws-secret-" + UUID.randomUUID();
    private final String credentialsPath = "/v2/credentials/" + UUID.randomUUID();
    private final String credentialsToken = "container-auth-" + UUID.randomUUID();
    private final String providerKey = "sk-ant-test-" + UUID.randomUUID();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final AtomicInteger credentialCalls = new AtomicInteger();
    private final boolean root = GatewayUser.currentUid() == 0;
    private final AtomicInteger turns = new AtomicInteger();

    private StubModelServer model;
    private Recorder apiGateway;
    private EcsMetadataStandIn metadata;
    private HttpServer credentials;
    private BridgeJvm jvm;
    private Process bridge;
    private AwsServices aws;
    private int port;
    private long gatewayPid;
    private Path bridgeKey;
    private String metadataUri;
    private Path stateDir;

    @BeforeAll
    void startTheBridge(Moto moto) throws Exception {
        AwsServices aws = AwsFixture.services(moto);
        AwsFixture.create(aws);
        this.aws = aws;
        // what the Lambdas left: the claimed TaskState row the bridge publishes its pin and token in
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.TASK_STATE)
                        .item(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + USER),
                                "status",
                                AttributeValue.fromS("Starting"),
                                "taskArn",
                                AttributeValue.fromS(TASK_ARN),
                                "startedAt",
                                AttributeValue.fromS(java.time.Instant.now().toString()))));
        model = new StubModelServer();
        apiGateway = new Recorder();
        metadata = new EcsMetadataStandIn(TASK_ARN, "10.0.9.10");
        metadataUri = metadata.uri();
        // the task role's credentials endpoint: nobody but the bridge may learn where it is
        credentials = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        credentials.createContext("/", exchange -> {
            try (exchange) {
                credentialCalls.incrementAndGet();
                exchange.sendResponseHeaders(404, -1);
            }
        });
        credentials.start();
        // a root-only file of the bridge's, as its TLS key or a staging file would be
        Path bridgeDir = Files.createTempDirectory(
                "bridge-private", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        bridgeKey = Files.writeString(bridgeDir.resolve("bridge.key"), "bridge-key-" + UUID.randomUUID());
        Files.setPosixFilePermissions(bridgeKey, PosixFilePermissions.fromString("rw-------"));

        port = OpenClawInstallation.freePort();
        stateDir = Files.createTempDirectory("isolation-state");
        Map<String, String> env =
                BridgeEnv.of(USER, gatewayToken, stateDir, model, port, moto, metadataUri, apiGateway.url());
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("user.home"));
        env.put(Env.TELEGRAM_BOT_TOKEN, telegramToken);
        env.put(Env.TELEGRAM_API_URL, "http://127.0.0.1:9");
        env.put("ANTHROPIC_API_KEY", providerKey);
        env.put("ECS_CONTAINER_METADATA_URI", metadataUri);
        env.put("AWS_SECRET_ACCESS_KEY", awsSecretKey); // moto takes any secret
        env.put("AWS_SESSION_TOKEN", "session-" + UUID.randomUUID());
        env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", credentialsPath);
        env.put(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:" + credentials.getAddress().getPort() + credentialsPath);
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentialsToken);

        jvm = BridgeJvm.start(env, true, output, "isolation-bridge", line -> !line.startsWith("[gateway]"));
        bridge = jvm.process();
        jvm.awaitLine("ready in", Duration.ofMinutes(6));
        bridgeToken = target().token();
        gatewayPid = gatewayPid();
        if (!root) {
            System.out.println("[isolation] the test does not run as root, so the bridge cannot start the gateway as"
                    + " another user: the tests below assert that the separation is off instead");
        }
    }

    @AfterAll
    void stopTheBridge() {
        if (bridge != null) {
            bridge.destroyForcibly();
            bridge.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        for (AutoCloseable closeable : new AutoCloseable[] {model, apiGateway, metadata}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
        if (credentials != null) {
            credentials.stop(0);
        }
    }

    /** Defence: setpriv as uid 10001, no groups, no capabilities, no_new_privs; checked in /proc and by the agent. */
    @Test
    @Order(1)
    void theGatewayAndTheAgentsCommandsRunAsTheGatewayUser() throws Exception {
        String status = Files.readString(Path.of("/proc/" + gatewayPid + "/status"));
        String agentId = agentRuns("id -u; id -G; grep -E '^(CapEff|NoNewPrivs):' /proc/self/status");
        if (root) {
            assertThat(output).anyMatch(line -> line.contains("the gateway runs as uid " + Constants.GATEWAY_UID));
            int gateway = Constants.GATEWAY_UID;
            assertThat(status)
                    .containsPattern(
                            "(?m)^Uid:\\s+" + gateway + "\\s+" + gateway + "\\s+" + gateway + "\\s+" + gateway + "$")
                    .containsPattern("(?m)^Gid:\\s+" + Constants.GATEWAY_GID + "\\s")
                    .containsPattern("(?m)^Groups:\\s*$")
                    .containsPattern("(?m)^NoNewPrivs:\\s+1$")
                    .containsPattern("(?m)^CapEff:\\s+0+$");
            assertThat(agentId.lines().toList())
                    .startsWith(Integer.toString(gateway), Integer.toString(Constants.GATEWAY_GID));
            assertThat(agentId).containsPattern("CapEff:\\s+0+").containsPattern("NoNewPrivs:\\s+1");
        } else {
            assertThat(output).anyMatch(line -> line.contains("user separation is off"));
            assertThat(agentId.lines().findFirst().orElse("")).isEqualTo(Integer.toString(GatewayUser.currentUid()));
        }
    }

    /**
     * Attack: the agent prints its environment, looking for the bridge token, the bot token, AWS credentials or the
     * credentials and metadata endpoints. Defence: the gateway's environment is built from nothing.
     */
    @Test
    @Order(2)
    void theAgentsEnvironmentHoldsNoneOfTheBridgesSecrets() throws Exception {
        String env = agentRuns("env");

        assertThat(env)
                .contains("OPENCLAW_GATEWAY_TOKEN=" + gatewayToken) // its own, it needs it
                .contains("ANTHROPIC_API_KEY=" + providerKey) // its provider key, it needs it
                .contains("HOME=");
        assertNoSecretIn(env);
        assertThat(env).doesNotContain("AWS_", "ECS_CONTAINER_METADATA", "BRIDGE_AUTH_TOKEN", "TELEGRAM_BOT_TOKEN");
        // the gateway process itself, as the kernel has it
        String gatewayEnv =
                Files.readString(Path.of("/proc/" + gatewayPid + "/environ")).replace('\0', '\n');
        assertNoSecretIn(gatewayEnv);
        assertThat(gatewayEnv).doesNotContain("AWS_", "ECS_CONTAINER_METADATA");
        assertThat(credentialCalls).as("calls to the credentials endpoint").hasValue(0);
    }

    /** Attack: the agent reads the bridge's environment from /proc. Defence: another uid (ptrace read check). */
    @Test
    @Order(3)
    void theAgentCannotReadTheBridgesProcessEnvironment() throws Exception {
        String read = agentRuns("cat /proc/" + bridge.pid() + "/environ | tr '\\0' '\\n'; head -c 64 /proc/"
                + bridge.pid() + "/mem; echo; ls -l /proc/" + bridge.pid() + "/fd/ | head -3");

        if (root) {
            assertThat(read).contains("Permission denied");
            assertNoSecretIn(read);
        } else {
            assertThat(read)
                    .as("user separation is off: the bridge's user reads its own environment")
                    .contains(telegramToken);
            System.out.println("[isolation] not root: the agent could read the bridge's environment (separation off)");
        }
        assertThat(bridge.isAlive()).isTrue();
        assertThat(credentialCalls).hasValue(0);
    }

    /** Attack: the agent reads and overwrites a root-only file of the bridge. Defence: file mode 0600/0700, another uid. */
    @Test
    @Order(4)
    void theAgentCannotReadOrOverwriteTheBridgesFiles() throws Exception {
        String before = Files.readString(bridgeKey);
        String read = agentRuns("cat " + bridgeKey + "; ls " + bridgeKey.getParent()
                + (root ? "; echo stolen > " + bridgeKey + "; rm -f " + bridgeKey : ""));

        if (root) {
            assertThat(read).contains("Permission denied").doesNotContain(before);
            assertThat(bridgeKey).hasContent(before);
        } else {
            assertThat(read)
                    .as("user separation is off: the bridge's user reads its own files")
                    .contains(before);
            System.out.println("[isolation] not root: the agent could read the bridge's files (separation off)");
        }
    }

    /** Attack: the agent kills the bridge. Defence: another uid may not signal it. */
    @Test
    @Order(5)
    void theAgentCannotSignalTheBridge() throws Exception {
        // as another user the separation is off and a real SIGKILL would end the test's bridge: probe with signal 0
        String killed = agentRuns("kill -" + (root ? "KILL " : "0 ") + bridge.pid() + "; echo exit=$?");

        if (root) {
            assertThat(killed).containsIgnoringCase("not permitted").doesNotContain("exit=0");
        } else {
            assertThat(killed)
                    .as("user separation is off: the agent may signal the bridge")
                    .contains("exit=0");
            System.out.println("[isolation] not root: the agent could signal the bridge (separation off)");
        }
        Thread.sleep(500);
        assertThat(bridge.isAlive()).isTrue();
        assertThat(LambdaCalls.send(target(), "GET", "/health", null).statusCode())
                .as("the bridge still answers")
                .isEqualTo(200);
    }

    private void assertNoSecretIn(String text) {
        assertThat(text)
                .doesNotContain(
                        bridgeToken, telegramToken, awsSecretKey, credentialsPath, credentialsToken, metadataUri);
    }

    /**
     * One turn in which the model makes the agent run {@code command}; returns what the command printed. OpenClaw
     * masks secret-looking values in the output it hands back to the model ({@code sk-ant…ec21}), which would hide
     * a leaked token from a plain search, so the command also writes its output into the workspace, and that file,
     * unmasked, is what the test reads.
     */
    private String agentRuns(String command) throws Exception {
        int before = model.toolResults().size();
        int turn = turns.incrementAndGet();
        Path out = GatewaySettings.workspaceOf(stateDir).resolve("attack-" + turn + ".txt");
        String connection = "conn-" + turn;
        assertThat(LambdaCalls.postMessage(
                                target(),
                                USER,
                                StubModelServer.EXEC + " ( " + command + " ) > " + out + " 2>&1; cat " + out,
                                "web",
                                connection)
                        .statusCode())
                .isEqualTo(202);
        apiGateway.awaitType(connection, "stream_end", Duration.ofMinutes(3));
        assertThat(model.toolResults())
                .as("the exec tool ran and its output went back to the model")
                .hasSize(before + 1);
        System.out.println("[isolation] $ " + command + "\n"
                + model.toolResults().get(before).indent(4));
        assertThat(out).as("the agent's command wrote its output").exists();
        if (root) {
            assertThat(Files.getAttribute(out, "unix:uid"))
                    .as("written by the gateway's user")
                    .isEqualTo(Constants.GATEWAY_UID);
        }
        return Files.readString(out);
    }

    private long gatewayPid() {
        for (String line : output) {
            Matcher matcher = GATEWAY_PID.matcher(line);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        throw new AssertionError("no gateway pid logged");
    }

    /** What the Lambdas read from the row. */
    private LambdaCalls.Target target() {
        return LambdaCalls.Target.fromRow(
                port,
                aws.dynamo()
                        .getItem(b -> b.tableName(AwsFixture.TASK_STATE)
                                .key(Map.of("PK", AttributeValue.fromS("USER#" + USER))))
                        .item());
    }
}
