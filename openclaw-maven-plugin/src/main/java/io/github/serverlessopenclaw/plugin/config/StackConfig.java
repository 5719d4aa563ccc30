package io.github.serverlessopenclaw.plugin.config;

import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Capability;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.agent.AgentBundle;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything that shapes the synthesized stacks. Immutable and validated on construction: a bad value is a
 * {@link ConfigurationException} whose message names the parameter and the fix. Secret values are never part
 * of it (only which optional secrets exist).
 */
public record StackConfig(
        AppNames names,
        String qualifier,
        Architecture architecture,
        int cpu,
        int memoryMb,
        boolean spot,
        Optional<String> image,
        boolean telegram,
        Set<Secret> optionalSecrets,
        List<String> prewarmSchedules,
        int prewarmDurationMinutes,
        int idleTimeoutMinutes,
        String model,
        PriceClass priceClass,
        Path lambdaAsset,
        boolean monitoring,
        boolean selfSignUp,
        List<String> telegramAllow,
        int throttleRate,
        int throttleBurst,
        int messagesPerMinute,
        int maxContainers,
        boolean startOnConnect,
        Optional<BigDecimal> budgetAlarm,
        Optional<String> budgetAlarmEmail,
        Optional<String> kmsKeyId,
        Map<String, String> tags,
        List<String> modelFallbacks,
        Optional<String> modelBaseUrl,
        Optional<String> modelApi,
        Set<Capability> capabilities,
        Optional<AgentBundle> agent) {

    /** Our bootstrap qualifier (toolkit stack, bucket, ECR repository); the product's stacks are synthesized with it. */
    public static final String DEFAULT_QUALIFIER = "openclaw";

    private static final int MAX_TAGS = 50;
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    public static final String DEFAULT_MODEL = "anthropic/claude-sonnet-4-5";
    /**
     * Image used when none has been pushed yet: the template stays valid, but a task cannot start until
     * {@code openclaw:push-image} (or {@code deploy}) fills in the real digest.
     */
    public static final String PLACEHOLDER_IMAGE =
            "placeholder.invalid/openclaw-image-not-pushed-yet:run-openclaw-push-image";

    /** Steady requests per second and burst of each API stage unless configured otherwise. */
    public static final int DEFAULT_THROTTLE_RATE = 10;

    public static final int DEFAULT_THROTTLE_BURST = 20;

    /** CloudFront price classes (which edge locations serve the site). */
    public enum PriceClass {
        PRICE_CLASS_100,
        PRICE_CLASS_200,
        PRICE_CLASS_ALL
    }

    /** A KMS key ARN ({@code arn:<partition>:kms:<region>:<account>:key/<id>}) or a bare key id (UUID or {@code mrk-…}). */
    private static final Pattern KMS_KEY_ARN =
            Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]{1,128}");

    private static final Pattern KMS_KEY_ID =
            Pattern.compile("(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final Pattern QUALIFIER = Pattern.compile("[a-z0-9]{1,10}");
    /** Any registry reference pinned by digest, e.g. {@code <account>.dkr.ecr.<region>.amazonaws.com/repo@sha256:<64 hex>}. */
    private static final Pattern IMAGE_BY_DIGEST =
            Pattern.compile("[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+@sha256:[0-9a-f]{64}");
    /** Six cron fields as EventBridge wants them inside {@code cron(...)}. */
    /** A Telegram user id: a positive integer. */
    private static final Pattern TELEGRAM_ID = Pattern.compile("[1-9][0-9]{0,19}");
    /** Deliberately loose: AWS Budgets checks the address; this catches a typo such as a missing {@code @}. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");

    private static final Pattern CRON_BODY = Pattern.compile("\\S+( \\S+){5}");
    /** Fargate's valid CPU → memory (MiB) ranges: min, max, step. */
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    public StackConfig {
        if (names == null) {
            throw new ConfigurationException("appName is required");
        }
        if (qualifier == null || !QUALIFIER.matcher(qualifier).matches()) {
            throw new ConfigurationException(PropertyNames.QUALIFIER + " '" + qualifier
                    + "' is not valid: use 1 to 10 lowercase" + " letters or digits (default " + DEFAULT_QUALIFIER
                    + ", or hnb659fds for a standard CDK bootstrap)");
        }
        if (architecture == null) {
            throw new ConfigurationException(PropertyNames.ARCHITECTURE + " is required: arm64 or x86_64");
        }
        int[] memory = FARGATE_MEMORY.get(cpu);
        if (memory == null) {
            throw new ConfigurationException(PropertyNames.CPU + " " + cpu + " is not a Fargate size: use one of "
                    + FARGATE_MEMORY.keySet().stream().sorted().toList() + " (1024 = 1 vCPU)");
        }
        if (memoryMb < memory[0] || memoryMb > memory[1] || (memoryMb - memory[0]) % memory[2] != 0) {
            throw new ConfigurationException(
                    PropertyNames.MEMORY + " " + memoryMb + " does not fit " + PropertyNames.CPU + " " + cpu + ": use "
                            + memory[0] + " to " + memory[1] + " MiB in steps of " + memory[2]);
        }
        image = image == null
                ? Optional.empty()
                : image.filter(s -> !s.isBlank()).map(String::trim);
        image.ifPresent(ref -> {
            if (!IMAGE_BY_DIGEST.matcher(ref).matches()) {
                throw new ConfigurationException(PropertyNames.IMAGE + " '" + ref + "' is not pinned by digest: use"
                        + " <registry>/<repository>@sha256:<64 hex digits> (" + Goals.goal(Goals.PUSH_IMAGE)
                        + " prints it)");
            }
        });
        optionalSecrets = optionalSecrets == null || optionalSecrets.isEmpty()
                ? Set.of()
                : Set.copyOf(EnumSet.copyOf(optionalSecrets));
        for (Secret secret : optionalSecrets) {
            if (!secret.isProviderKey()) {
                throw new ConfigurationException(
                        PropertyNames.PROVIDERS + ": '" + secret.secretName() + "' is not an optional"
                                + " provider key; list only provider keys (" + providerKeyNames() + ")");
            }
        }
        prewarmSchedules = prewarmSchedules == null
                ? List.of()
                : prewarmSchedules.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        for (String schedule : prewarmSchedules) {
            if (!CRON_BODY.matcher(schedule).matches()) {
                throw new ConfigurationException(PropertyNames.PREWARM_SCHEDULES + " entry '" + schedule + "' is not an"
                        + " EventBridge cron body: use six fields in UTC, for example '0 9 ? * MON-FRI *'"
                        + " (separate several schedules with ';')");
            }
        }
        if (prewarmDurationMinutes < 1 || prewarmDurationMinutes > 24 * 60) {
            throw new ConfigurationException(PropertyNames.PREWARM_DURATION + " " + prewarmDurationMinutes
                    + " is out of range: use 1 to 1440 minutes");
        }
        if (idleTimeoutMinutes < 5 || idleTimeoutMinutes > 24 * 60) {
            throw new ConfigurationException(
                    PropertyNames.IDLE_TIMEOUT + " " + idleTimeoutMinutes + " is out of range: use 5 to 1440 minutes");
        }
        if (model == null || !model.matches("[A-Za-z0-9_.-]+/\\S+")) {
            throw new ConfigurationException(PropertyNames.MODEL + " '" + model + "' is not a model id: use"
                    + " <provider>/<model>, for example " + DEFAULT_MODEL);
        }
        if (priceClass == null) {
            throw new ConfigurationException(PropertyNames.PRICE_CLASS + " is required: one of PRICE_CLASS_100,"
                    + " PRICE_CLASS_200, PRICE_CLASS_ALL");
        }
        if (lambdaAsset == null || !Files.isRegularFile(lambdaAsset)) {
            throw new ConfigurationException(
                    PropertyNames.LAMBDA_ASSET + " '" + lambdaAsset + "' is not a file: point it at"
                            + " the runtime-lambdas jar (" + Handler.ARTIFACT_ID + ", classifier "
                            + Handler.ARTIFACT_CLASSIFIER + ")");
        }
        lambdaAsset = lambdaAsset.toAbsolutePath().normalize();
        telegramAllow = telegramAllow == null
                ? List.of()
                : telegramAllow.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .distinct()
                        .toList();
        for (String id : telegramAllow) {
            if (!TELEGRAM_ID.matcher(id).matches()) {
                throw new ConfigurationException(
                        PropertyNames.TELEGRAM_ALLOW + " entry '" + id + "' is not a Telegram user id:"
                                + " use numeric ids separated by ',' (a user sees theirs with @userinfobot)");
            }
        }
        if (!telegramAllow.isEmpty() && !telegram) {
            throw new ConfigurationException(PropertyNames.TELEGRAM_ALLOW + " is set but the bot is off: set "
                    + PropertyNames.TELEGRAM + "=true" + " or remove " + PropertyNames.TELEGRAM_ALLOW);
        }
        if (throttleRate < 1 || throttleRate > 10_000) {
            throw new ConfigurationException(
                    PropertyNames.THROTTLE_RATE + " " + throttleRate + " is out of range: use 1 to 10000"
                            + " requests per second per API stage (default " + DEFAULT_THROTTLE_RATE + ")");
        }
        if (throttleBurst < 1 || throttleBurst > 5_000) {
            throw new ConfigurationException(
                    PropertyNames.THROTTLE_BURST + " " + throttleBurst + " is out of range: use 1 to 5000"
                            + " requests per API stage (default " + DEFAULT_THROTTLE_BURST + ")");
        }
        if (messagesPerMinute < 1 || messagesPerMinute > 1_000) {
            throw new ConfigurationException(PropertyNames.MESSAGES_PER_MINUTE + " " + messagesPerMinute
                    + " is out of range: use 1" + " to 1000 messages per user and minute (default "
                    + Constants.DEFAULT_MESSAGES_PER_MINUTE + ")");
        }
        if (maxContainers < 1 || maxContainers > 500) {
            throw new ConfigurationException(
                    PropertyNames.MAX_CONTAINERS + " " + maxContainers + " is out of range: use 1 to 500"
                            + " containers running at once (default " + Constants.DEFAULT_MAX_CONTAINERS + ")");
        }
        budgetAlarm = budgetAlarm == null ? Optional.empty() : budgetAlarm;
        budgetAlarmEmail = budgetAlarmEmail == null
                ? Optional.empty()
                : budgetAlarmEmail.map(String::trim).filter(s -> !s.isEmpty());
        budgetAlarm.ifPresent(amount -> {
            if (amount.signum() <= 0 || amount.compareTo(BigDecimal.valueOf(1_000_000)) > 0 || amount.scale() > 2) {
                throw new ConfigurationException(
                        PropertyNames.BUDGET_ALARM + " " + amount.toPlainString() + " is not a monthly"
                                + " amount: use US dollars above 0 with at most 2 decimals, for example 25");
            }
        });
        if (budgetAlarm.isPresent() != budgetAlarmEmail.isPresent()) {
            throw new ConfigurationException(PropertyNames.BUDGET_ALARM + " and " + PropertyNames.BUDGET_ALARM_EMAIL
                    + " go together: set both" + " (the monthly amount in USD and the address to alert) or neither");
        }
        budgetAlarmEmail.ifPresent(address -> {
            if (!EMAIL.matcher(address).matches()) {
                throw new ConfigurationException(PropertyNames.BUDGET_ALARM_EMAIL + " '" + address
                        + "' is not an e-mail address:" + " use one address such as you@example.com");
            }
        });
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
        checkTags(tags);
        kmsKeyId =
                kmsKeyId == null ? Optional.empty() : kmsKeyId.map(String::trim).filter(k -> !k.isEmpty());
        kmsKeyId.ifPresent(key -> {
            // IAM names a KMS key in a policy's Resource only by its key ARN; an alias there would match the alias,
            // never the key (KMS developer guide, "Specifying KMS keys in IAM policy statements").
            if (key.startsWith("alias/") || key.contains(":alias/")) {
                throw new ConfigurationException(
                        PropertyNames.KMS_KEY_ID + " '" + key + "' is an alias: the roles that read the"
                                + " secrets are granted kms:Decrypt by key, and IAM cannot name a key by its alias; give the key id"
                                + " or key ARN (aws kms describe-key --key-id " + key + " shows them)");
            }
            if (!KMS_KEY_ARN.matcher(key).matches() && !KMS_KEY_ID.matcher(key).matches()) {
                throw new ConfigurationException(
                        PropertyNames.KMS_KEY_ID + " '" + key + "' is not a KMS key id or key ARN: use"
                                + " arn:aws:kms:<region>:<account>:key/<id> or the id alone (1234abcd-12ab-34cd-56ef-1234567890ab)");
            }
        });
        modelFallbacks = modelFallbacks == null
                ? List.of()
                : modelFallbacks.stream()
                        .map(String::trim)
                        .filter(f -> !f.isEmpty())
                        .toList();
        modelBaseUrl = modelBaseUrl == null
                ? Optional.empty()
                : modelBaseUrl.map(String::trim).filter(u -> !u.isEmpty());
        modelApi =
                modelApi == null ? Optional.empty() : modelApi.map(String::trim).filter(u -> !u.isEmpty());
        capabilities =
                capabilities == null || capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        agent = agent == null ? Optional.empty() : agent;
        validateAgent(model, modelFallbacks, modelBaseUrl, modelApi);
    }

    /** Model choices, capabilities and the agent folder (the agent as code). */
    private static void validateAgent(
            String model, List<String> fallbacks, Optional<String> baseUrl, Optional<String> api) {
        for (String fallback : fallbacks) {
            if (!fallback.matches("[A-Za-z0-9_.-]+/\\S+")) {
                throw new ConfigurationException(
                        PropertyNames.MODEL_FALLBACKS + " entry '" + fallback + "' is not a model id: use"
                                + " <provider>/<model> separated by ',', for example openai/gpt-4o,custom/llama3.1");
            }
            if (fallback.equals(model)) {
                throw new ConfigurationException(PropertyNames.MODEL_FALLBACKS + " names the primary model " + model
                        + ": list only" + " the models to try after it");
            }
        }
        if (fallbacks.stream().distinct().count() != fallbacks.size()) {
            throw new ConfigurationException(PropertyNames.MODEL_FALLBACKS + " names a model twice: " + fallbacks);
        }
        String custom = AgentFolder.CUSTOM_PROVIDER + "/";
        boolean usesCustom = model.startsWith(custom) || fallbacks.stream().anyMatch(f -> f.startsWith(custom));
        if (usesCustom && baseUrl.isEmpty()) {
            throw new ConfigurationException(
                    "a model " + custom + "<id> needs " + PropertyNames.MODEL_BASE_URL + ": the OpenAI-compatible"
                            + " endpoint that serves it, for example http://ollama.internal:11434/v1");
        }
        if (!usesCustom && baseUrl.isPresent()) {
            throw new ConfigurationException(PropertyNames.MODEL_BASE_URL + " is set but no model uses it: name it as "
                    + custom + "<model id> in " + PropertyNames.MODEL + " or " + PropertyNames.MODEL_FALLBACKS);
        }
        baseUrl.ifPresent(url -> {
            if (!url.matches("https?://[^\\s/?#]+(/\\S*)?")) {
                throw new ConfigurationException(
                        PropertyNames.MODEL_BASE_URL + " '" + url + "' is not an http(s) URL: use the"
                                + " endpoint's base, for example https://llm.example.com/v1");
            }
        });
        if (api.isPresent() && !api.get().matches("[a-z0-9-]+")) {
            throw new ConfigurationException(
                    PropertyNames.MODEL_API + " '" + api.get() + "' is not an OpenClaw model api: use"
                            + " openai-completions (default), openai-responses or anthropic-messages");
        }
        if (api.isPresent() && baseUrl.isEmpty()) {
            throw new ConfigurationException(PropertyNames.MODEL_API + " is set without " + PropertyNames.MODEL_BASE_URL
                    + ": it describes that endpoint");
        }
    }

    /** Parses {@code openclaw.capabilities} ({@code cron,browser}; empty for the fast minimal set). */
    public static Set<Capability> parseCapabilities(Collection<String> ids) {
        EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                continue;
            }
            set.add(Capability.byId(id.trim())
                    .orElseThrow(
                            () -> new ConfigurationException(PropertyNames.CAPABILITIES + ": unknown" + " capability '"
                                    + id.trim() + "'; use " + Capability.ids() + " (none: the fast minimal set)")));
        }
        return set;
    }

    /**
     * AWS's tag rules, checked before anything is synthesized: at most 50 user tags on a resource; a key of 1 to 128
     * characters, a value of at most 256; letters, digits, spaces and {@code _ . : / = + - @}; {@code aws:} is reserved.
     */
    public static void checkTags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new ConfigurationException(PropertyNames.TAGS + " has " + tags.size() + " tags; AWS allows at most "
                    + MAX_TAGS + " on a resource");
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty()
                    || key.length() > 128
                    || !TAG_TEXT.matcher(key).matches()
                    || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new ConfigurationException(
                        PropertyNames.TAGS + " key '" + key + "' is not a tag key: use 1 to 128 letters,"
                                + " digits, spaces and _ . : / = + - @, not starting with aws:");
            }
            if (value.length() > 256 || !TAG_TEXT.matcher(value).matches()) {
                throw new ConfigurationException(PropertyNames.TAGS + " value of '" + key
                        + "' is not a tag value: use at most 256" + " letters, digits, spaces and _ . : / = + - @");
            }
        });
    }

    /** Parses {@code openclaw.budgetAlarm} as the user writes it (a plain number of US dollars). */
    public static Optional<BigDecimal> parseAmount(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(value.trim().replaceFirst("^\\$", "")));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(PropertyNames.BUDGET_ALARM + " '" + value.trim()
                    + "' is not a number: use the monthly" + " amount in US dollars, for example 25");
        }
    }

    public static Builder builder(AppNames names, Path lambdaAsset) {
        return new Builder(names, lambdaAsset);
    }

    /** The provider named by the model id ({@code anthropic} in {@code anthropic/claude-sonnet-4-5}). */
    public String provider() {
        return model.substring(0, model.indexOf('/'));
    }

    /**
     * The provider keys the container receives: the model's provider (when OpenClaw has one of ours for it)
     * plus the optional ones configured.
     */
    public Set<Secret> providerSecrets() {
        EnumSet<Secret> secrets = EnumSet.noneOf(Secret.class);
        // the primary's and each fallback's provider key alike; the custom endpoint's key only when listed (optional)
        Secret.forProvider(provider())
                .filter(s -> s != Secret.CUSTOM_MODEL_API_KEY)
                .ifPresent(secrets::add);
        for (String fallback : modelFallbacks) {
            Secret.forProvider(fallback.substring(0, fallback.indexOf('/')))
                    .filter(s -> s != Secret.CUSTOM_MODEL_API_KEY)
                    .ifPresent(secrets::add);
        }
        secrets.addAll(optionalSecrets);
        return secrets;
    }

    /** Every secret the stacks reference: the gateway token, the provider keys, and Telegram's when enabled. */
    public Set<Secret> referencedSecrets() {
        EnumSet<Secret> secrets = EnumSet.of(Secret.OPENCLAW_GATEWAY_TOKEN);
        secrets.addAll(providerSecrets());
        if (telegram) {
            secrets.add(Secret.TELEGRAM_BOT_TOKEN);
            secrets.add(Secret.TELEGRAM_WEBHOOK_SECRET);
        }
        return secrets;
    }

    public String imageOrPlaceholder() {
        return image.orElse(PLACEHOLDER_IMAGE);
    }

    private static String providerKeyNames() {
        List<String> names = new ArrayList<>();
        for (Secret secret : Secret.values()) {
            if (secret.isProviderKey()) {
                names.add(secret.secretName());
            }
        }
        return String.join(", ", names);
    }

    /**
     * Parses {@code openclaw.providers} as the user writes it: OpenClaw provider ids ({@code openai}, the part before
     * {@code /} in a model id) or their keys' names ({@code openai-api-key}); the keys of those providers.
     */
    public static Set<Secret> parseProviders(Collection<String> values) {
        EnumSet<Secret> keys = EnumSet.noneOf(Secret.class);
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            String name = value.trim().toLowerCase(Locale.ROOT);
            keys.add(Secret.forProvider(name)
                    .or(() -> Secret.bySecretName(name).filter(Secret::isProviderKey))
                    .orElseThrow(() -> new ConfigurationException(PropertyNames.PROVIDERS + ": unknown provider '"
                            + value.trim() + "'; use a comma-separated list of " + Secret.providers())));
        }
        return keys;
    }

    /** Defaults from the architecture; each setter mirrors one plugin parameter. */
    public static final class Builder {
        private final AppNames names;
        private final Path lambdaAsset;
        private String qualifier = DEFAULT_QUALIFIER;
        private Architecture architecture = Architecture.ARM64;
        private int cpu = 1024;
        private int memoryMb = 2048;
        private boolean spot = true;
        private Optional<String> image = Optional.empty();
        private boolean telegram;
        private Set<Secret> optionalSecrets = Set.of();
        private List<String> prewarmSchedules = List.of();
        private int prewarmDurationMinutes = 60;
        private int idleTimeoutMinutes = 15;
        private String model = DEFAULT_MODEL;
        private PriceClass priceClass = PriceClass.PRICE_CLASS_100;
        private boolean monitoring;
        private boolean selfSignUp;
        private List<String> telegramAllow = List.of();
        private int throttleRate = DEFAULT_THROTTLE_RATE;
        private int throttleBurst = DEFAULT_THROTTLE_BURST;
        private int messagesPerMinute = Constants.DEFAULT_MESSAGES_PER_MINUTE;
        private int maxContainers = Constants.DEFAULT_MAX_CONTAINERS;
        private boolean startOnConnect = true;
        private Optional<BigDecimal> budgetAlarm = Optional.empty();
        private Optional<String> budgetAlarmEmail = Optional.empty();
        private Optional<String> kmsKeyId = Optional.empty();
        private Map<String, String> tags = Map.of();
        private List<String> modelFallbacks = List.of();
        private Optional<String> modelBaseUrl = Optional.empty();
        private Optional<String> modelApi = Optional.empty();
        private Set<Capability> capabilities = Set.of();
        private Optional<AgentBundle> agent = Optional.empty();

        private Builder(AppNames names, Path lambdaAsset) {
            this.names = names;
            this.lambdaAsset = lambdaAsset;
        }

        public Builder qualifier(String value) {
            qualifier = value;
            return this;
        }

        public Builder architecture(Architecture value) {
            architecture = value;
            return this;
        }

        public Builder cpu(int value) {
            cpu = value;
            return this;
        }

        public Builder memoryMb(int value) {
            memoryMb = value;
            return this;
        }

        public Builder spot(boolean value) {
            spot = value;
            return this;
        }

        public Builder image(String value) {
            image = Optional.ofNullable(value);
            return this;
        }

        public Builder telegram(boolean value) {
            telegram = value;
            return this;
        }

        public Builder optionalSecrets(Set<Secret> value) {
            optionalSecrets = value;
            return this;
        }

        public Builder prewarmSchedules(List<String> value) {
            prewarmSchedules = value;
            return this;
        }

        public Builder prewarmDurationMinutes(int value) {
            prewarmDurationMinutes = value;
            return this;
        }

        public Builder idleTimeoutMinutes(int value) {
            idleTimeoutMinutes = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder priceClass(PriceClass value) {
            priceClass = value;
            return this;
        }

        public Builder monitoring(boolean value) {
            monitoring = value;
            return this;
        }

        public Builder selfSignUp(boolean value) {
            selfSignUp = value;
            return this;
        }

        public Builder telegramAllow(List<String> value) {
            telegramAllow = value;
            return this;
        }

        public Builder throttleRate(int value) {
            throttleRate = value;
            return this;
        }

        public Builder throttleBurst(int value) {
            throttleBurst = value;
            return this;
        }

        public Builder messagesPerMinute(int value) {
            messagesPerMinute = value;
            return this;
        }

        public Builder maxContainers(int value) {
            maxContainers = value;
            return this;
        }

        public Builder startOnConnect(boolean value) {
            startOnConnect = value;
            return this;
        }

        public Builder budgetAlarm(BigDecimal amount, String email) {
            budgetAlarm = Optional.ofNullable(amount);
            budgetAlarmEmail = Optional.ofNullable(email);
            return this;
        }

        public Builder kmsKeyId(String value) {
            kmsKeyId = Optional.ofNullable(value);
            return this;
        }

        public Builder tags(Map<String, String> value) {
            tags = value;
            return this;
        }

        public Builder modelFallbacks(List<String> value) {
            modelFallbacks = value;
            return this;
        }

        public Builder modelBaseUrl(String value) {
            modelBaseUrl = Optional.ofNullable(value);
            return this;
        }

        public Builder modelApi(String value) {
            modelApi = Optional.ofNullable(value);
            return this;
        }

        public Builder capabilities(Set<Capability> value) {
            capabilities = value;
            return this;
        }

        public Builder agent(Optional<AgentBundle> value) {
            agent = value;
            return this;
        }

        public StackConfig build() {
            return new StackConfig(
                    names,
                    qualifier,
                    architecture,
                    cpu,
                    memoryMb,
                    spot,
                    image,
                    telegram,
                    optionalSecrets,
                    prewarmSchedules,
                    prewarmDurationMinutes,
                    idleTimeoutMinutes,
                    model,
                    priceClass,
                    lambdaAsset,
                    monitoring,
                    selfSignUp,
                    telegramAllow,
                    throttleRate,
                    throttleBurst,
                    messagesPerMinute,
                    maxContainers,
                    startOnConnect,
                    budgetAlarm,
                    budgetAlarmEmail,
                    kmsKeyId,
                    tags,
                    modelFallbacks,
                    modelBaseUrl,
                    modelApi,
                    capabilities,
                    agent);
        }
    }
}
