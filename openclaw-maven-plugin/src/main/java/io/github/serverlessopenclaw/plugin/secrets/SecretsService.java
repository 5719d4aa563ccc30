package io.github.serverlessopenclaw.plugin.secrets;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources.Origin;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources.Supplied;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions.Requirement;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport.Entry;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Writes the deployment's secrets straight to SSM SecureString parameters (never through
 * CloudFormation) and reports them by name and fingerprint, never by value. Idempotent: a parameter is
 * only written when its value differs, is absent, or is rotated; generated tokens are never replaced
 * silently. Every value is resolved and validated before the first write, so a failure writes nothing.
 * {@code openclaw:secrets} calls {@link #apply}; {@code deploy} calls it with {@link SecretsOptions#ensure}
 * and names the provider keys that exist in SSM but are not configured ({@link #presentSecrets()}).
 */
public final class SecretsService implements AutoCloseable {
    static final int TOKEN_BYTES = 32;

    private final AwsClients clients;
    private final AppNames names;
    private final SsmClient ssm;
    private final SecureRandom random = new SecureRandom();

    public SecretsService(AwsClients clients, AppNames names) {
        this.clients = clients;
        this.names = names;
        // URLConnection client: unlike the Apache client it has no wire log that would print request bodies at debug
        // level
        this.ssm = clients.create(SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()));
    }

    /** The secrets that exist in SSM for this appName, by listing parameter names only (no value is read). */
    public Set<Secret> presentSecrets() {
        String path = names.secretsPath();
        Set<Secret> present = EnumSet.noneOf(Secret.class);
        ssm
                .describeParametersPaginator(b -> b.parameterFilters(ParameterStringFilter.builder()
                        .key("Path")
                        .option("OneLevel")
                        .values(path)
                        .build()))
                .stream()
                .flatMap(page -> page.parameters().stream())
                .map(ParameterMetadata::name)
                .filter(name -> name.startsWith(path + "/"))
                .map(name -> name.substring(path.length() + 1))
                .forEach(name -> Secret.bySecretName(name).ifPresent(present::add));
        return present;
    }

    /**
     * Resolves, validates and writes every secret, reporting on the deploy's progress interface: a line per secret
     * written (name, parameter, fingerprint, never the value) as it is written, warnings (shell history, doubtful
     * shapes) and the restart notices.
     */
    public SecretsReport apply(SecretsOptions options, SecretSources sources, DeployLog progress) {
        Consumer<String> warn = progress::warn;
        List<Planned> plan = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Secret secret : Secret.values()) {
            plan(secret, options, sources, warn, missing).ifPresent(plan::add);
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException(String.join("\n", missing));
        }
        List<Entry> entries = new ArrayList<>();
        Set<Secret> changed = EnumSet.noneOf(Secret.class);
        for (Planned planned : plan) {
            if (planned.write()) {
                put(planned.secret(), planned.value(), planned.existed(), options.kmsKeyId());
                if (planned.existed()) {
                    changed.add(planned.secret());
                }
            }
            Entry entry = planned.entry(names.secretParameter(planned.secret().secretName()));
            if (planned.write()) {
                progress.info("  " + entry.line());
            }
            entries.add(entry);
        }
        List<String> notices = restartNotices(changed);
        notices.forEach(progress::warn);
        return new SecretsReport(entries, notices);
    }

    /** One secret's decision; the value is held only until it is written and never shown. */
    private record Planned(
            Secret secret,
            Status status,
            String value,
            boolean write,
            boolean existed,
            boolean rotated,
            String origin) {
        Entry entry(String parameterName) {
            return new Entry(
                    secret,
                    status,
                    parameterName,
                    Optional.ofNullable(value).map(SecretsService::fingerprint),
                    rotated,
                    Optional.ofNullable(origin));
        }

        @Override
        public String toString() {
            return "Planned[" + secret + " " + status + "]";
        }
    }

    private Optional<Planned> plan(
            Secret secret, SecretsOptions options, SecretSources sources, Consumer<String> warn, List<String> missing) {
        Requirement requirement = options.requirement(secret);
        boolean rotate = options.rotate().contains(secret);
        boolean namedRotation = rotate && !options.rotateAll();
        Optional<String> existing = read(secret);
        Optional<Supplied> supplied = sources.find(secret);
        supplied.filter(s -> s.origin() == Origin.PROPERTY)
                .ifPresent(s -> warn.accept(
                        "-D" + SecretSources.property(secret) + " lands in your shell history; prefer a <server> "
                                + SecretSources.serverId(secret) + " in ~/.m2/settings.xml or " + secret.envVar()));

        if (supplied.isEmpty()
                && secret.generated()
                && (requirement == Requirement.GENERATED || existing.isPresent())) {
            if (existing.isPresent() && !rotate) {
                return Optional.of(new Planned(secret, Status.UNCHANGED, existing.get(), false, true, false, null));
            }
            return Optional.of(new Planned(
                    secret,
                    Status.GENERATED,
                    token(),
                    true,
                    existing.isPresent(),
                    existing.isPresent(),
                    existing.isPresent() ? "replaced by a new random token" : "random, 32 bytes"));
        }
        boolean needsNewValue = namedRotation && (!secret.generated() || supplied.isPresent());
        if (supplied.isPresent()
                && needsNewValue
                && existing.isPresent()
                && supplied.get().value().equals(existing.get())) {
            missing.add(PropertyNames.ROTATE + "=" + secret.secretName() + " needs a new value, but the one from "
                    + supplied.get().where() + " equals the stored one; give the new value through "
                    + SecretSources.fourWays(secret));
            return Optional.empty();
        }
        if (supplied.isEmpty() && ((existing.isEmpty() && requirement == Requirement.REQUIRED) || needsNewValue)) {
            supplied = sources.ask(secret);
            if (supplied.isEmpty()) {
                missing.add((needsNewValue
                                ? PropertyNames.ROTATE + "=" + secret.secretName() + " needs a new value"
                                : "Missing required secret " + secret.secretName())
                        + "; give it through " + SecretSources.fourWays(secret));
                return Optional.empty();
            }
        }
        if (supplied.isEmpty()) {
            return Optional.of(
                    existing.isPresent()
                            ? new Planned(secret, Status.UNCHANGED, existing.get(), false, true, false, null)
                            : new Planned(secret, Status.MISSING_OPTIONAL, null, false, false, false, null));
        }
        Supplied value = supplied.get();
        SecretShape.validate(secret, value.value()).ifPresent(warn);
        if (existing.isPresent() && existing.get().equals(value.value())) {
            return Optional.of(new Planned(
                    secret, Status.UNCHANGED, value.value(), false, true, false, "same as " + value.where()));
        }
        return Optional.of(new Planned(
                secret,
                Status.SET,
                value.value(),
                true,
                existing.isPresent(),
                existing.isPresent() && rotate,
                "from " + value.where()));
    }

    private Optional<String> read(Secret secret) {
        String name = names.secretParameter(secret.secretName());
        try {
            return Optional.of(ssm.getParameter(b -> b.name(name).withDecryption(true))
                    .parameter()
                    .value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ConfigurationException("reading " + name + " failed: " + e.getMessage()
                    + "; the credentials need ssm:GetParameter and kms:Decrypt on it");
        }
    }

    private void put(Secret secret, String value, boolean overwrite, Optional<String> kmsKeyId) {
        String name = names.secretParameter(secret.secretName());
        try {
            ssm.putParameter(b -> {
                b.name(name)
                        .value(value)
                        .type(ParameterType.SECURE_STRING)
                        .overwrite(overwrite)
                        .description("serverless-openclaw " + secret.secretName() + ", written by "
                                + Goals.goal(Goals.SECRETS));
                kmsKeyId.ifPresent(b::keyId);
            });
        } catch (SdkException e) {
            // service messages can echo the request ("Value '…' at 'value' failed to satisfy constraint"): hide it
            String message = String.valueOf(e.getMessage()).replace(value, "<hidden>");
            throw new ConfigurationException("writing " + name + " failed: " + message
                    + "; the credentials need ssm:PutParameter (and kms:Encrypt on a customer key)");
        }
    }

    private String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** First 4 hex digits of the value's SHA-256: enough to tell values apart, too little to learn anything. */
    static String fingerprint(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command that stops every running container (the next message starts one that reads the new values). */
    static final String RESTART_COMMAND =
            Goals.command(Goals.RESET_STATE) + " " + PropertyNames.flag(PropertyNames.ALL);

    /**
     * After a replaced value, one line per secret: what it is, and when each running part sees the new value.
     * The Lambdas read secrets again after {@link Constants#SECRET_CACHE_TTL}; containers read theirs once, at
     * start (ECS injects the provider keys, the bridge reads its tokens), so running ones keep the old value
     * until they are stopped. Nothing here restarts anything: deploy only replaces containers of an older task
     * definition, and a rotation does not change the task definition.
     */
    private List<String> restartNotices(Set<Secret> changed) {
        List<String> notices = new ArrayList<>();
        if (changed.isEmpty()) {
            return notices;
        }
        Optional<List<String>> running =
                changed.stream().anyMatch(Secret::readByContainer) ? runningContainers() : Optional.of(List.of());
        for (Secret secret : changed) {
            List<String> parts = new ArrayList<>();
            if (secret.readByLambdas()) {
                parts.add("the Lambda functions use the new value within " + Constants.SECRET_CACHE_TTL.toMinutes()
                        + " minutes (their cache time)");
            }
            if (secret == Secret.TELEGRAM_WEBHOOK_SECRET) {
                parts.add("Telegram sends the old one until you run " + Goals.command(Goals.TELEGRAM)
                        + ", and its updates are refused until then");
            }
            if (secret.readByContainer()) {
                parts.add(running.map(tasks -> tasks.isEmpty()
                                ? "no container is running; the next one starts with it"
                                : "containers read it at start: " + tasks.size()
                                        + " running container(s) keep the old value until" + " stopped ("
                                        + String.join(", ", tasks) + "); " + RESTART_COMMAND + " stops them")
                        .orElse("containers read it at start: running ones keep the old value until stopped; "
                                + RESTART_COMMAND + " stops them (they could not be listed)"));
            }
            notices.add(secret.secretName() + " (" + meaning(secret) + ") rotated: " + String.join("; ", parts) + ".");
        }
        return notices;
    }

    private static String meaning(Secret secret) {
        return switch (secret) {
            case OPENCLAW_GATEWAY_TOKEN -> "the bridge's key to its own OpenClaw gateway";
            case TELEGRAM_BOT_TOKEN -> "the bot's Bot API token";
            case TELEGRAM_WEBHOOK_SECRET -> "the secret Telegram sends with every update";
            default -> "the key OpenClaw calls " + secret.provider().orElse("the model provider") + " with";
        };
    }

    /** Task ids of the running containers, or empty when ECS could not be asked. */
    private Optional<List<String>> runningContainers() {
        try (EcsClient ecs = clients.create(EcsClient.builder())) {
            return Optional.of(ecs
                    .listTasksPaginator(b -> b.cluster(names.cluster())
                            .family(names.taskFamily())
                            .desiredStatus(DesiredStatus.RUNNING))
                    .taskArns()
                    .stream()
                    .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                    .toList());
        } catch (ClusterNotFoundException e) {
            return Optional.of(List.of());
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        ssm.close();
    }
}
