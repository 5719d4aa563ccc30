package io.github.serverlessopenclaw.plugin.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport.Status;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The secrets service against moto_server's SSM (and ECS for the restart notice). Each test uses its own appName. */
@ExtendWith(MotoExtension.class)
class SecretsServiceMotoTest {
    private static final AtomicInteger APPS = new AtomicInteger();
    static final String ANTHROPIC = "sk-ant-api03-test-key";
    static final String TELEGRAM = "123456789:" + "A".repeat(20) + "b_c-d" + "9".repeat(10);

    private final List<String> warnings = new ArrayList<>();
    /** The info lines the service printed on the deploy's progress interface. */
    private final List<String> progress = new ArrayList<>();

    private AppNames names;
    private Moto moto;

    @BeforeEach
    void newApp(Moto moto) {
        this.moto = moto;
        names = new AppNames("secrets-" + APPS.incrementAndGet());
    }

    static AwsClients clients(Moto moto) {
        return new AwsClients(AwsSettings.of("us-east-1", null, moto.endpoint().toString()))
                .withCredentials(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)));
    }

    private SecretsReport apply(SecretsOptions options, SecretSources sources) {
        try (SecretsService service = new SecretsService(clients(moto), names)) {
            return service.apply(options, sources, new DeployLog() {
                @Override
                public void info(String line) {
                    progress.add(line);
                }

                @Override
                public void warn(String line) {
                    warnings.add(line);
                }
            });
        }
    }

    private static SecretsOptions plain() {
        return SecretsOptions.parse(false, null, null, null);
    }

    private static SecretSources env(Map<String, String> environment) {
        return new SecretSources(Map.of(), environment, Map.of(), Optional.empty());
    }

    private String stored(Secret secret) {
        try (SsmClient ssm = moto.client(SsmClient.builder())) {
            return ssm.getParameter(b ->
                            b.name(names.secretParameter(secret.secretName())).withDecryption(true))
                    .parameter()
                    .value();
        }
    }

    private List<ParameterMetadata> described() {
        try (SsmClient ssm = moto.client(SsmClient.builder())) {
            return ssm.describeParameters(b -> b.parameterFilters(
                            f -> f.key("Path").option("OneLevel").values(names.secretsPath())))
                    .parameters();
        }
    }

    private List<Moto.RecordedRequest> writes() {
        return moto.recordedRequests().stream()
                .filter(Moto.RecordedRequest::isWrite)
                .toList();
    }

    @Test
    void firstRunGeneratesAndWritesTheSecondWritesNothing() {
        SecretsReport first = apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC)));

        assertThat(first.entry(Secret.OPENCLAW_GATEWAY_TOKEN).orElseThrow().status())
                .isEqualTo(Status.GENERATED);
        assertThat(first.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().status()).isEqualTo(Status.SET);
        assertThat(first.entry(Secret.TELEGRAM_BOT_TOKEN).orElseThrow().status())
                .isEqualTo(Status.MISSING_OPTIONAL);
        assertThat(first.entry(Secret.TELEGRAM_WEBHOOK_SECRET).orElseThrow().status())
                .isEqualTo(Status.MISSING_OPTIONAL);
        assertThat(first.entry(Secret.OPENAI_API_KEY).orElseThrow().status()).isEqualTo(Status.MISSING_OPTIONAL);
        assertThat(stored(Secret.OPENCLAW_GATEWAY_TOKEN)).matches("[0-9a-f]{64}");
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo(ANTHROPIC);
        assertThat(described())
                .extracting(ParameterMetadata::name)
                .containsExactlyInAnyOrder(
                        names.secretParameter("openclaw-gateway-token"), names.secretParameter("anthropic-api-key"));
        assertThat(described()).extracting(ParameterMetadata::type).containsOnly(ParameterType.SECURE_STRING);
        assertThat(first.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().fingerprint())
                .contains(SecretsService.fingerprint(ANTHROPIC));
        assertThat(first.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().line())
                .contains(
                        "anthropic-api-key",
                        "set",
                        names.secretParameter("anthropic-api-key"),
                        "sha256:" + SecretsService.fingerprint(ANTHROPIC),
                        "from environment ANTHROPIC_API_KEY");
        assertThat(first.restartNotices()).isEmpty();
        // each written secret is reported on the progress interface as it is written, never its value
        assertThat(progress)
                .containsExactlyInAnyOrder(
                        "  "
                                + first.entry(Secret.OPENCLAW_GATEWAY_TOKEN)
                                        .orElseThrow()
                                        .line(),
                        "  "
                                + first.entry(Secret.ANTHROPIC_API_KEY)
                                        .orElseThrow()
                                        .line());
        assertThat(progress).noneMatch(l -> l.contains(ANTHROPIC) || l.contains(stored(Secret.OPENCLAW_GATEWAY_TOKEN)));
        progress.clear();

        moto.control("/moto-api/recorder/reset-recording");
        SecretsReport second = apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC)));

        assertThat(second.entries())
                .filteredOn(e -> e.status() != Status.MISSING_OPTIONAL)
                .extracting(SecretsReport.Entry::status)
                .containsOnly(Status.UNCHANGED)
                .hasSize(2);
        assertThat(second.written()).isZero();
        assertThat(progress).as("nothing written, nothing printed").isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(moto.recordedRequests())
                .extracting(Moto.RecordedRequest::operation)
                .contains("GetParameter");
        for (Secret secret : List.of(Secret.OPENCLAW_GATEWAY_TOKEN, Secret.ANTHROPIC_API_KEY)) {
            assertThat(second.entry(secret).orElseThrow().fingerprint())
                    .isEqualTo(first.entry(secret).orElseThrow().fingerprint());
        }
    }

    @Test
    void aChangedValueIsRewrittenAndTheRunningContainersAreNamed() {
        apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC)));
        String taskId = runOneTask();
        moto.control("/moto-api/recorder/reset-recording");

        SecretsReport report = apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC + "-new")));

        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().status())
                .isEqualTo(Status.SET);
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo(ANTHROPIC + "-new");
        assertThat(writes()).extracting(Moto.RecordedRequest::operation).containsExactly("PutParameter");
        // deploy does not restart containers for a new secret (the task definition is unchanged): the notice names
        // the command that does, and says the Lambdas are not concerned
        assertThat(report.restartNotices())
                .singleElement()
                .asString()
                .startsWith("anthropic-api-key (the key OpenClaw calls anthropic with) rotated: ")
                .contains(
                        "1 running container(s) keep the old value", taskId, "mvn openclaw:reset-state -Dopenclaw.all")
                .doesNotContain("deploy")
                .doesNotContain("Lambda");
        assertThat(warnings)
                .as("the notice is a warning on the progress interface")
                .containsAll(report.restartNotices());
    }

    @Test
    void aRotatedWebhookSecretSaysTelegramMustBeToldAndWhenTheLambdasSeeIt() {
        SecretsOptions telegram = SecretsOptions.parse(true, null, null, null);
        SecretSources sources = env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "TELEGRAM_BOT_TOKEN", TELEGRAM));
        apply(telegram, sources);

        SecretsReport report = apply(SecretsOptions.parse(true, null, null, "telegram-webhook-secret"), sources);

        assertThat(report.restartNotices())
                .singleElement()
                .asString()
                .startsWith("telegram-webhook-secret (the secret Telegram sends with every update) rotated: ")
                .contains("the Lambda functions use the new value within 5 minutes")
                .contains("until you run mvn openclaw:telegram")
                .doesNotContain("container");
    }

    @Test
    void rotationChangesExactlyTheNamedToken() {
        apply(
                SecretsOptions.parse(true, null, null, null),
                env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "TELEGRAM_BOT_TOKEN", TELEGRAM)));
        String webhook = stored(Secret.TELEGRAM_WEBHOOK_SECRET);
        String gateway = stored(Secret.OPENCLAW_GATEWAY_TOKEN);
        moto.control("/moto-api/recorder/reset-recording");

        SecretsReport report = apply(
                SecretsOptions.parse(true, null, null, "telegram-webhook-secret"),
                env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "TELEGRAM_BOT_TOKEN", TELEGRAM)));

        assertThat(stored(Secret.TELEGRAM_WEBHOOK_SECRET)).isNotEqualTo(webhook);
        assertThat(stored(Secret.OPENCLAW_GATEWAY_TOKEN)).isEqualTo(gateway);
        assertThat(report.entry(Secret.TELEGRAM_WEBHOOK_SECRET).orElseThrow())
                .extracting(SecretsReport.Entry::status, SecretsReport.Entry::rotated)
                .containsExactly(Status.GENERATED, true);
        assertThat(report.entry(Secret.OPENCLAW_GATEWAY_TOKEN).orElseThrow().status())
                .isEqualTo(Status.UNCHANGED);
        assertThat(writes())
                .hasSize(1)
                .first()
                .extracting(Moto.RecordedRequest::body)
                .asString()
                .contains(names.secretParameter("telegram-webhook-secret"));
        assertThat(report.restartNotices()).singleElement().asString().contains("Lambda", "telegram-webhook-secret");
    }

    @TempDir
    Path work;

    private Path lambdaJar() throws IOException {
        return Files.writeString(work.resolve("lambdas.jar"), "stand-in");
    }

    @Test
    void deployOfAKeylessCustomModelNeedsNoProviderKey() throws IOException {
        StackConfig keyless = StackConfig.builder(names, lambdaJar())
                .model("custom/llama3.1")
                .modelBaseUrl("http://ollama.internal:11434/v1")
                .build();

        SecretsReport report = apply(SecretsOptions.ensure(keyless, Optional.empty()), SecretSources.none());

        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().status())
                .isEqualTo(Status.MISSING_OPTIONAL);
        assertThat(report.entry(Secret.CUSTOM_MODEL_API_KEY).orElseThrow().status())
                .isEqualTo(Status.MISSING_OPTIONAL);
        assertThat(report.entry(Secret.OPENCLAW_GATEWAY_TOKEN).orElseThrow().status())
                .isEqualTo(Status.GENERATED);
    }

    @Test
    void deployRequiresTheKeysOfThePrimaryAndTheFallbacksAndOfNothingElse() throws IOException {
        StackConfig config = StackConfig.builder(names, lambdaJar())
                .model("custom/llama3.1")
                .modelBaseUrl("http://ollama.internal:11434/v1")
                .modelFallbacks(List.of("openai/gpt-4o"))
                .build();

        assertThatThrownBy(() -> apply(SecretsOptions.ensure(config, Optional.empty()), SecretSources.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openai-api-key")
                .hasMessageNotContaining("anthropic-api-key");
    }

    @Test
    void rotateAllRegeneratesEveryTokenAndKeepsProvidedKeysWithoutNewValues() {
        apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC)));
        String gateway = stored(Secret.OPENCLAW_GATEWAY_TOKEN);

        SecretsReport report = apply(SecretsOptions.parse(false, null, null, "all"), SecretSources.none());

        assertThat(stored(Secret.OPENCLAW_GATEWAY_TOKEN)).isNotEqualTo(gateway);
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo(ANTHROPIC);
        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().status())
                .isEqualTo(Status.UNCHANGED);
    }

    @Test
    void rotatingAProvidedKeyNeedsANewValue() {
        apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC)));
        SecretsOptions rotate = SecretsOptions.parse(false, null, null, "anthropic-api-key");

        assertThatThrownBy(() -> apply(rotate, env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs a new value")
                .hasMessageContaining("equals the stored one");
        assertThatThrownBy(() -> apply(rotate, SecretSources.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openclaw.rotate=anthropic-api-key needs a new value");

        SecretsReport report = apply(rotate, env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC + "-2")));
        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow())
                .extracting(SecretsReport.Entry::status, SecretsReport.Entry::rotated)
                .containsExactly(Status.SET, true);
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo(ANTHROPIC + "-2");
    }

    @Test
    void settingsWinOverEnvironmentWhichWinsOverProperties() {
        Map<String, String> servers = Map.of("openclaw-anthropic-api-key", "sk-ant-from-settings");
        Map<String, String> environment = Map.of("ANTHROPIC_API_KEY", "sk-ant-from-env");
        Map<String, String> properties = Map.of("openclaw.secret.anthropic-api-key", "sk-ant-from-property");
        SecretPrompt neverAsked = label -> {
            throw new AssertionError("the prompt must not be asked when a source has the value");
        };

        SecretsReport report =
                apply(plain(), new SecretSources(servers, environment, properties, Optional.of(neverAsked)));
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo("sk-ant-from-settings");
        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().origin())
                .contains("from settings.xml server openclaw-anthropic-api-key");

        apply(plain(), new SecretSources(Map.of(), environment, properties, Optional.of(neverAsked)));
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo("sk-ant-from-env");
        // the replaced key's restart notice is a warning too; none about the shell history yet
        assertThat(warnings).noneMatch(w -> w.contains("shell history"));

        report = apply(plain(), new SecretSources(Map.of(), Map.of(), properties, Optional.of(neverAsked)));
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo("sk-ant-from-property");
        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().origin())
                .contains("from -Dopenclaw.secret.anthropic-api-key");
        assertThat(warnings)
                .filteredOn(w -> w.contains("shell history"))
                .singleElement()
                .asString()
                .contains("openclaw-anthropic-api-key", "ANTHROPIC_API_KEY");
    }

    @Test
    void aSuppliedTokenIsUsedInsteadOfGeneratingOne() {
        String mine = "b".repeat(64);
        apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "OPENCLAW_GATEWAY_TOKEN", mine)));
        assertThat(stored(Secret.OPENCLAW_GATEWAY_TOKEN)).isEqualTo(mine);
    }

    @Test
    void theTerminalPromptIsAskedOnlyForMissingRequiredSecrets() {
        // stand-in for java.io.Console: a test cannot type into a real terminal
        List<String> asked = new ArrayList<>();
        SecretPrompt prompt = label -> {
            asked.add(label);
            return ANTHROPIC;
        };
        SecretsReport report = apply(plain(), SecretSources.none().withPrompt(prompt));

        assertThat(asked).containsExactly("anthropic-api-key (input hidden)");
        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().origin())
                .contains("from prompt");
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo(ANTHROPIC);

        asked.clear();
        apply(plain(), SecretSources.none().withPrompt(prompt));
        assertThat(asked).as("an existing key is not asked again").isEmpty();
    }

    @Test
    void batchModeWithAMissingRequiredSecretFailsNamingAllFourWaysAndWritesNothing() {
        moto.control("/moto-api/recorder/reset-recording");
        SecretsOptions telegram = SecretsOptions.parse(true, null, null, null);

        assertThatThrownBy(() -> apply(telegram, SecretSources.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Missing required secret anthropic-api-key")
                .hasMessageContaining("<id>openclaw-anthropic-api-key</id>")
                .hasMessageContaining("environment variable ANTHROPIC_API_KEY")
                .hasMessageContaining("-Dopenclaw.secret.anthropic-api-key=")
                .hasMessageContaining("run without -B in a terminal")
                .hasMessageContaining("Missing required secret telegram-bot-token")
                .hasMessageContaining("TELEGRAM_BOT_TOKEN");
        assertThat(writes())
                .as("nothing is written when a required secret is missing")
                .isEmpty();
        assertThat(described()).isEmpty();
    }

    @Test
    void telegramNeedsAWellShapedBotTokenAndGeneratesAWebhookSecret() {
        SecretsOptions telegram = SecretsOptions.parse(true, null, null, null);
        assertThatThrownBy(() -> apply(
                        telegram, env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "TELEGRAM_BOT_TOKEN", "12345:short"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("telegram-bot-token is not shaped like a Telegram bot token");
        assertThatThrownBy(() -> apply(
                        telegram,
                        env(Map.of(
                                "ANTHROPIC_API_KEY",
                                ANTHROPIC,
                                "TELEGRAM_BOT_TOKEN",
                                TELEGRAM,
                                "TELEGRAM_WEBHOOK_SECRET",
                                "no.dots/allowed"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("A-Z, a-z, 0-9, _ and -");
        assertThat(described()).as("a rejected value writes nothing").isEmpty();

        SecretsReport report =
                apply(telegram, env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "TELEGRAM_BOT_TOKEN", TELEGRAM)));

        assertThat(report.entry(Secret.TELEGRAM_BOT_TOKEN).orElseThrow().status())
                .isEqualTo(Status.SET);
        assertThat(report.entry(Secret.TELEGRAM_WEBHOOK_SECRET).orElseThrow().status())
                .isEqualTo(Status.GENERATED);
        assertThat(stored(Secret.TELEGRAM_WEBHOOK_SECRET)).matches("[A-Za-z0-9_-]+");
        assertThat(stored(Secret.TELEGRAM_BOT_TOKEN)).isEqualTo(TELEGRAM);
    }

    @Test
    void anUnusualAnthropicKeyIsWrittenWithAWarning() {
        apply(plain(), env(Map.of("ANTHROPIC_API_KEY", "not-an-anthropic-key")));
        assertThat(stored(Secret.ANTHROPIC_API_KEY)).isEqualTo("not-an-anthropic-key");
        assertThat(warnings).singleElement().asString().contains("sk-ant-");
        assertThatThrownBy(() -> apply(plain(), env(Map.of("ANTHROPIC_API_KEY", "two words"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whitespace");
    }

    @Test
    void anotherProviderMakesAnthropicOptionalAndItsOwnKeyRequired() {
        SecretsOptions openai = SecretsOptions.parse(false, "openai", null, null);
        assertThatThrownBy(() -> apply(openai, SecretSources.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Missing required secret openai-api-key")
                .hasMessageNotContaining("anthropic-api-key");

        SecretsReport report = apply(openai, env(Map.of("OPENAI_API_KEY", "sk-openai")));
        assertThat(report.entry(Secret.ANTHROPIC_API_KEY).orElseThrow().status())
                .isEqualTo(Status.MISSING_OPTIONAL);
        assertThat(report.entry(Secret.OPENAI_API_KEY).orElseThrow().status()).isEqualTo(Status.SET);
        // the same provider ids as in a model id such as google/gemini-3-flash-preview
        assertThat(SecretsOptions.parse(false, "google", null, null).requirement(Secret.GEMINI_API_KEY))
                .isEqualTo(SecretsOptions.Requirement.REQUIRED);
        assertThatThrownBy(() -> SecretsOptions.parse(false, "openai,mistral", null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown provider 'mistral'")
                .hasMessageContaining("google");
        assertThatThrownBy(() -> SecretsOptions.parse(false, null, null, "bridge-token"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown secret 'bridge-token'")
                .hasMessageContaining("openclaw-gateway-token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("bridge-auth-token"));
    }

    @Test
    void aCustomerKmsKeyIsUsedForEveryParameter() {
        apply(
                SecretsOptions.parse(false, null, "alias/openclaw-secrets", null),
                env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC)));
        assertThat(described()).hasSize(2).extracting(ParameterMetadata::keyId).containsOnly("alias/openclaw-secrets");
    }

    @Test
    void presentSecretsListsNamesOnly() {
        try (SecretsService service = new SecretsService(clients(moto), names)) {
            assertThat(service.presentSecrets()).isEmpty();
            service.apply(plain(), env(Map.of("ANTHROPIC_API_KEY", ANTHROPIC)), DeployLog.to(warnings::add));
            moto.control("/moto-api/recorder/reset-recording");
            assertThat(service.presentSecrets())
                    .isEqualTo(EnumSet.of(Secret.OPENCLAW_GATEWAY_TOKEN, Secret.ANTHROPIC_API_KEY));
        }
        assertThat(moto.recordedRequests())
                .extracting(Moto.RecordedRequest::operation)
                .containsOnly("DescribeParameters");
    }

    /** A Fargate task of the app's family in its cluster, as a running container would be. */
    private String runOneTask() {
        try (SeededDeployment deployment = new SeededDeployment(moto.endpoint(), names.appName()).seed()) {
            String arn = deployment.runTask("user-1");
            return arn.substring(arn.lastIndexOf('/') + 1);
        } finally {
            SeededDeployment.restoreTaskTransitions(moto.endpoint());
        }
    }

    @Test
    void theCatalogueNamesEveryParameterThroughAppNames() {
        assertThat(Set.of(Secret.values()))
                .extracting(Secret::secretName)
                .containsExactlyInAnyOrder(
                        "openclaw-gateway-token",
                        "anthropic-api-key",
                        "openai-api-key",
                        "openrouter-api-key",
                        "gemini-api-key",
                        "telegram-bot-token",
                        "telegram-webhook-secret",
                        "custom-model-api-key");
        assertThat(new SecretSources.Supplied("value-xyz", SecretSources.Origin.ENVIRONMENT, "environment X")
                        .toString())
                .doesNotContain("value-xyz");
    }
}
