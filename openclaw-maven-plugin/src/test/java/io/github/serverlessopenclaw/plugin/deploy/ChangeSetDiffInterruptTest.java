package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Ctrl-C while openclaw:diff waits for its change set: the shutdown hook deletes the change set and the
 * REVIEW_IN_PROGRESS stack the CREATE change set made, so the next deploy does not find them. A second JVM
 * runs the diff (a shutdown hook runs only when a JVM exits); its CloudFormation client blocks on the first
 * DescribeChangeSet, the moment between creating the change set and reading it, and the test sends it SIGINT.
 */
@ExtendWith(MotoExtension.class)
class ChangeSetDiffInterruptTest {
    private static final String WAITING = "waiting for the change set";
    /** The exit status of a JVM stopped by SIGINT (128 + 2). */
    private static final int SIGINT_EXIT = 130;

    @TempDir
    Path work;

    private final Moto moto;

    ChangeSetDiffInterruptTest(Moto moto) {
        this.moto = moto;
    }

    @Test
    void ctrlCDeletesTheChangeSetAndTheStackItCreated() throws Exception {
        String stackName = "interrupted-diff-" + UUID.randomUUID().toString().substring(0, 8);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // env restores SIGINT's default: a build started in the background would pass it on ignored
        Process diff = new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        "-Dopenclaw.test.motoEndpoint=" + moto.endpoint(),
                        Child.class.getName(),
                        stackName,
                        work.toString())
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> readUntilWaiting(diff, output));
        try {
            waiting.get(90, TimeUnit.SECONDS);
            CloudFormationClient cf = moto.client(CloudFormationClient.builder());
            // what the hook must remove is there: otherwise this test would pass with no hook at all
            assertThat(changeSets(cf, stackName)).as(output.toString()).isNotEmpty();
            assertThat(status(cf, stackName)).isEqualTo(StackStatus.REVIEW_IN_PROGRESS);

            new ProcessBuilder("kill", "-INT", Long.toString(diff.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(diff.waitFor(60, TimeUnit.SECONDS))
                    .as("the diff stops within 60 s of SIGINT")
                    .isTrue();
            assertThat(diff.exitValue()).isEqualTo(SIGINT_EXIT);
            assertThat(changeSets(cf, stackName)).as(output.toString()).isEmpty();
            assertThat(status(cf, stackName)).isNotEqualTo(StackStatus.REVIEW_IN_PROGRESS);
        } finally {
            diff.destroyForcibly();
        }
    }

    private static void readUntilWaiting(Process process, StringBuilder output) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.equals(WAITING)) {
                    return;
                }
            }
            throw new IllegalStateException("the diff ended before creating its change set:\n" + output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> changeSets(CloudFormationClient cf, String stackName) {
        return cf.listChangeSets(b -> b.stackName(stackName)).summaries().stream()
                .filter(s -> s.changeSetName().startsWith("openclaw-diff-"))
                .map(s -> s.changeSetName())
                .toList();
    }

    /** The stack's status, or null once it is gone (moto lists a deleted stack as DELETE_COMPLETE). */
    private static StackStatus status(CloudFormationClient cf, String stackName) {
        return cf.listStacks().stackSummaries().stream()
                .filter(s -> s.stackName().equals(stackName))
                .map(s -> s.stackStatus())
                .filter(s -> s != StackStatus.DELETE_COMPLETE)
                .findFirst()
                .orElse(null);
    }

    /** The diff of one new stack, its client blocking forever at the first DescribeChangeSet. */
    static final class Child {
        public static void main(String[] args) throws IOException {
            String stackName = args[0];
            Path template = Files.writeString(
                    Path.of(args[1], "template.json"), "{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}");
            CloudFormationClient real = Moto.get().client(CloudFormationClient.builder()); // the parent's server
            CloudFormationClient blocking = (CloudFormationClient) Proxy.newProxyInstance(
                    Child.class.getClassLoader(), new Class<?>[] {CloudFormationClient.class}, (proxy, method, a) -> {
                        if (method.getName().equals("describeChangeSet")) {
                            System.out.println(WAITING);
                            System.out.flush();
                            Thread.sleep(Long.MAX_VALUE);
                        }
                        try {
                            return method.invoke(real, a);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            ChangeSetDiff.read(
                    blocking,
                    StackArtifact.standalone(stackName, template, Map.of()),
                    Placeholders.of(Moto.ACCOUNT, Moto.REGION.id()),
                    Files.readString(template),
                    StackState.ABSENT,
                    new Poller(Duration.ofMinutes(5)),
                    DeployLog.to(System.out::println));
        }
    }
}
