package io.github.serverlessopenclaw.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The local ECS through the real ECS client of the SDK (pointed at it as the Lambdas are, by endpoint), with the
 * cluster, task definition and SSM parameter in moto: RunTask starts a process with the task definition's
 * environment, its secret read from SSM and the overrides; the status follows the process; StopTask sends SIGTERM.
 */
class LocalEcsTest {
    private static final String CONTAINER = "openclaw";

    @TempDir
    Path dir;

    private final Moto moto = Moto.get();
    private EcsClient motoEcs;
    private SsmClient ssm;
    private LocalEcs local;
    private EcsClient ecs;
    private String cluster;
    private String family;

    @BeforeEach
    void setUp() throws IOException {
        motoEcs = moto.client(EcsClient.builder());
        ssm = moto.client(SsmClient.builder());
        String id = UUID.randomUUID().toString().substring(0, 8);
        cluster = "local-ecs-" + id;
        family = "local-ecs-task-" + id;
        String parameter = "/local-ecs-" + id + "/secrets/anthropic-api-key";
        ssm.putParameter(
                b -> b.name(parameter).type(ParameterType.SECURE_STRING).value("sk-ant-from-ssm"));
        motoEcs.createCluster(b -> b.clusterName(cluster));
        motoEcs.registerTaskDefinition(b -> b.family(family)
                .containerDefinitions(c -> c.name(CONTAINER)
                        .image("x")
                        .memory(512)
                        .environment(
                                e -> e.name("FROM_DEFINITION").value("yes"),
                                e -> e.name("USER_ID").value("definition"))
                        .secrets(s -> s.name("ANTHROPIC_API_KEY")
                                .valueFrom("arn:aws:ssm:us-east-1:" + Moto.ACCOUNT + ":parameter" + parameter))));
        Path node = Files.createFile(
                dir.resolve("node"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path openclaw = Files.createDirectories(dir.resolve("openclaw"));
        Files.writeString(openclaw.resolve("openclaw.mjs"), "");
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        local = new LocalEcs(
                motoEcs,
                ssm,
                Moto.REGION.id(),
                new ContainerImage(node, openclaw, classpath, EnvironmentDump.class.getName()),
                dir.resolve("tasks"),
                Map.of("LOCAL_VALUE", "machine", "FROM_DEFINITION", "no"),
                LocalEcs.freePort(),
                line -> {});
        ecs = moto.configure(EcsClient.builder())
                .endpointOverride(local.endpoint())
                .build();
    }

    @AfterEach
    void tearDown() {
        local.close();
        ecs.close();
        motoEcs.close();
        ssm.close();
    }

    @Test
    void runTaskStartsTheContainerWithTheDefinitionsEnvironmentItsSecretAndTheOverrides() throws Exception {
        Task task = run();
        assertThat(task.lastStatus()).isEqualTo("RUNNING");
        assertThat(task.taskArn()).startsWith("arn:aws:ecs:us-east-1:" + Moto.ACCOUNT + ":task/" + cluster + "/");
        Path env = taskDir(task).resolve("env.txt");
        awaitFile(env);
        String text = Files.readString(env);
        assertThat(text)
                .contains(
                        "FROM_DEFINITION=yes\n",
                        "LOCAL_VALUE=machine\n",
                        "ANTHROPIC_API_KEY=sk-ant-from-ssm\n",
                        "USER_ID=user-1\n",
                        Env.ECS_METADATA_URI + "=" + local.endpoint() + "/v4/");
        assertThat(text).as("a container sees only its task's environment").doesNotContain("JAVA_HOME=", "MAVEN");

        // the metadata endpoint names the task and its private IP, which DescribeTasks reports too
        String metadataUri = text.lines()
                .filter(l -> l.startsWith(Env.ECS_METADATA_URI + "="))
                .findFirst()
                .orElseThrow()
                .substring(Env.ECS_METADATA_URI.length() + 1);
        String metadata = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(metadataUri + "/task"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Task described = ecs.describeTasks(b -> b.cluster(cluster).tasks(task.taskArn()))
                .tasks()
                .get(0);
        String ip = described.attachments().get(0).details().stream()
                .filter(d -> d.name().equals("privateIPv4Address"))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(metadata).contains("\"TaskARN\":\"" + task.taskArn() + "\"", "\"IPv4Addresses\":[\"" + ip + "\"]");
        assertThat(ecs.listTasks(b -> b.cluster(cluster).family(family)).taskArns())
                .containsExactly(task.taskArn());
    }

    @Test
    void stopTaskSendsSigtermAndTheStatusFollowsTheProcess() throws Exception {
        Task task = run();
        awaitFile(taskDir(task).resolve("env.txt"));
        Task stopping = ecs.stopTask(
                        b -> b.cluster(cluster).task(task.taskArn()).reason("idle"))
                .task();
        assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
        awaitFile(taskDir(task).resolve("sigterm.txt"));
        Task stopped = awaitStatus(task.taskArn(), "STOPPED");
        assertThat(stopped.stoppedReason()).isEqualTo("idle");
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(143); // the JVM's exit on SIGTERM
        // ListTasks defaults to RUNNING, as AWS does; STOPPED tasks are listed when asked
        assertThat(ecs.listTasks(b -> b.cluster(cluster)).taskArns()).isEmpty();
        assertThat(ecs.listTasks(b -> b.cluster(cluster).desiredStatus(DesiredStatus.STOPPED))
                        .taskArns())
                .containsExactly(task.taskArn());
    }

    @Test
    void refusesWhatEcsRefuses() {
        assertThatThrownBy(() -> ecs.runTask(
                        b -> b.cluster("no-such-cluster").taskDefinition(family).launchType(LaunchType.FARGATE)))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster)
                        .taskDefinition(family)
                        .launchType(LaunchType.FARGATE)
                        .capacityProviderStrategy(s -> s.capacityProvider("FARGATE_SPOT"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster(cluster)
                        .taskDefinition(family)
                        .overrides(o -> o.containerOverrides(c ->
                                c.name("other").environment(e -> e.name("A").value("b"))))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("is not a container");
        assertThatThrownBy(() -> ecs.stopTask(b -> b.cluster(cluster).task("arn:aws:ecs:us-east-1:1:task/x/nothing")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(ecs.describeTasks(b -> b.cluster(cluster).tasks("unknown"))
                        .failures()
                        .get(0)
                        .reason())
                .isEqualTo("MISSING");
    }

    private Task run() {
        var response = ecs.runTask(b -> b.cluster(cluster)
                .taskDefinition(family)
                .launchType(LaunchType.FARGATE)
                .networkConfiguration(
                        n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1").securityGroups("sg-1")))
                .overrides(o -> o.containerOverrides(c ->
                        c.name(CONTAINER).environment(e -> e.name("USER_ID").value("user-1")))));
        assertThat(response.failures()).isEmpty();
        return response.tasks().get(0);
    }

    private Path taskDir(Task task) {
        return dir.resolve("tasks")
                .resolve(task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1));
    }

    private Task awaitStatus(String arn, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Task task;
        do {
            task = ecs.describeTasks(b -> b.cluster(cluster).tasks(arn)).tasks().get(0);
            if (task.lastStatus().equals(status)) {
                return task;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("task " + arn + " is " + task.lastStatus() + ", not " + status);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(file).exists();
    }
}
