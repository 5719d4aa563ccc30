package io.github.serverlessopenclaw.plugin.doctor;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * What a deploy needs, checked before it starts. Each check is independent: one failing never hides
 * the others, and every failure carries the fix.
 */
public final class Doctor {
    /** The check that names the account and the caller, for the deploy's preflight line. */
    public static final String ACCOUNT_CHECK = "AWS account";
    /** The fix for missing or expired credentials; every goal that meets them says the same. */
    public static final String CREDENTIALS_FIX =
            "configure credentials: aws sso login --profile NAME with " + PropertyNames.flag(PropertyNames.PROFILE)
                    + "=NAME, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a role (OIDC in CI)";

    static final int MIN_NODE = 18;
    static final int RECOMMENDED_NODE = 22;

    /** What the doctor looks at, gathered by the caller (the mojo knows Maven's version, tests pass their own). */
    public record Inputs(
            String javaVersion, String mavenVersion, String pathVariable, Supplier<AwsClients> aws, AppNames appNames) {
        public Inputs(String javaVersion, String mavenVersion, String pathVariable, Supplier<AwsClients> aws) {
            this(javaVersion, mavenVersion, pathVariable, aws, AppNames.defaults());
        }
    }

    public List<Check> run(Inputs inputs) {
        List<Check> checks = preflight(inputs);
        checks.add(localRun(
                io.github.serverlessopenclaw.plugin.local.MotoServer.missing(), onPath(inputs.pathVariable(), "npm")));
        if (checks.stream().anyMatch(c -> c.name().equals(ACCOUNT_CHECK) && c.status() == Check.Status.PASS)) {
            checks.add(bootstrap(inputs.aws()));
            checks.add(secrets(inputs.aws(), inputs.appNames()));
        } else { // the account line already says what is wrong; the same SDK error twice more would bury it
            checks.add(Check.notChecked("bootstrap", "needs working AWS credentials first"));
            checks.add(Check.notChecked("secrets", "needs working AWS credentials first"));
        }
        return checks;
    }

    /** The checks a deploy cannot go on without: JDK, Maven, Node.js (for synth), AWS region and credentials. */
    public List<Check> preflight(Inputs inputs) {
        List<Check> checks = new ArrayList<>();
        checks.add(java(inputs.javaVersion()));
        checks.add(maven(inputs.mavenVersion()));
        checks.add(node(NodeRuntime.find(inputs.pathVariable())));
        checks.addAll(aws(inputs.aws()));
        return checks;
    }

    static Check java(String version) {
        int major = Runtime.Version.parse(version).feature();
        return major >= 17
                ? Check.pass("JDK", version)
                : Check.fail(
                        "JDK", version + " (17 or newer is required)", "install JDK 17+ and point JAVA_HOME at it");
    }

    static Check maven(String version) {
        String[] parts = version.split("[.-]");
        boolean ok = parts.length >= 3 && compare(parts, new int[] {3, 8, 7}) >= 0;
        return ok
                ? Check.pass("Maven", version)
                : Check.fail(
                        "Maven",
                        version + " (3.8.7 or newer is required)",
                        "install Maven 3.8.7+ (or use the Maven wrapper)");
    }

    private static int compare(String[] parts, int[] minimum) {
        for (int i = 0; i < minimum.length; i++) {
            int value;
            try {
                value = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return -1;
            }
            if (value != minimum[i]) {
                return Integer.compare(value, minimum[i]);
            }
        }
        return 0;
    }

    /** What {@code openclaw:run} needs beyond a deploy's tools: python3 with moto, npm (the image's Node and OpenClaw). */
    static Check localRun(Optional<String> motoMissing, boolean npm) {
        if (motoMissing.isPresent()) {
            return Check.warn("openclaw:run", "not usable: " + motoMissing.get(), motoMissing.get());
        }
        if (!npm) {
            return Check.warn("openclaw:run", "not usable: npm not found on PATH", "install Node.js with npm");
        }
        return Check.pass("openclaw:run", "python3 with moto, npm");
    }

    static boolean onPath(String pathVariable, String command) {
        if (pathVariable == null) {
            return false;
        }
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()
                    && (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, command))
                            || java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, command + ".cmd")))) {
                return true;
            }
        }
        return false;
    }

    static Check node(Optional<NodeRuntime> node) {
        if (node.isEmpty()) {
            return Check.fail(
                    "Node.js",
                    "node not found on PATH",
                    "install Node.js " + RECOMMENDED_NODE + "+ (aws-cdk-lib runs its core in node) and put it on PATH");
        }
        NodeRuntime found = node.get();
        String detail = found.version() + " at " + found.path();
        if (found.major() < MIN_NODE) {
            return Check.fail(
                    "Node.js",
                    detail + " (" + MIN_NODE + " or newer is required)",
                    "install Node.js " + RECOMMENDED_NODE + "+ and put it first on PATH");
        }
        if (found.major() < RECOMMENDED_NODE) {
            return Check.warn(
                    "Node.js",
                    detail + " (works; " + RECOMMENDED_NODE + "+ recommended, older ones print an end-of-life banner)",
                    "install Node.js " + RECOMMENDED_NODE + "+");
        }
        return Check.pass("Node.js", detail);
    }

    static List<Check> aws(Supplier<AwsClients> aws) {
        AwsClients clients;
        try {
            clients = aws.get();
        } catch (ConfigurationException e) {
            return List.of(
                    Check.fail("AWS region", "not set", e.getMessage()),
                    Check.notChecked(ACCOUNT_CHECK, "needs a region first"));
        }
        Check region = Check.pass("AWS region", clients.region().id());
        try (StsClient sts = clients.create(StsClient.builder())) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            return List.of(region, Check.pass(ACCOUNT_CHECK, identity.account() + " as " + identity.arn()));
        } catch (SdkException e) {
            return List.of(
                    region,
                    Check.fail(
                            ACCOUNT_CHECK,
                            "credentials not usable: " + firstSentence(e.getMessage()),
                            CREDENTIALS_FIX));
        }
    }

    /** Whether the toolkit stack of the default qualifier is there and current (deploy creates or upgrades it). */
    static Check bootstrap(Supplier<AwsClients> aws) {
        String parameter = Bootstrapper.versionParameter(StackConfig.DEFAULT_QUALIFIER);
        String fix = Goals.command(Goals.DEPLOY) + " does it (or " + Goals.command(Goals.BOOTSTRAP) + " alone)";
        try (SsmClient ssm = aws.get().create(SsmClient.builder())) {
            Optional<Integer> found = Bootstrapper.readVersion(ssm, parameter);
            if (found.isEmpty()) {
                return Check.warn("bootstrap", "not bootstrapped yet (" + parameter + " does not exist)", fix);
            }
            int version = found.get();
            return version >= Bootstrapper.VERSION
                    ? Check.pass(
                            "bootstrap",
                            Bootstrapper.toolkitStackName(StackConfig.DEFAULT_QUALIFIER) + " version " + version)
                    : Check.warn(
                            "bootstrap",
                            "version " + version + ", older than this plugin's " + Bootstrapper.VERSION,
                            fix);
        } catch (ConfigurationException e) {
            return Check.notChecked("bootstrap", "needs a region first");
        } catch (NumberFormatException e) {
            return Check.warn("bootstrap", parameter + " does not hold a version number", fix);
        } catch (SdkException e) {
            return Check.warn(
                    "bootstrap",
                    "could not read " + parameter + ": " + firstSentence(e.getMessage()),
                    "the credentials need ssm:GetParameter");
        }
    }

    /** Which secrets exist in SSM (names only, no value is read) and whether an LLM provider key is among them. */
    static Check secrets(Supplier<AwsClients> aws, AppNames names) {
        Set<Secret> present;
        try (SecretsService secrets = new SecretsService(aws.get(), names)) {
            present = secrets.presentSecrets();
        } catch (ConfigurationException e) {
            return Check.notChecked("secrets", "needs a region first");
        } catch (SdkException e) {
            return Check.warn(
                    "secrets",
                    "could not list " + names.secretsPath() + ": " + firstSentence(e.getMessage()),
                    "the credentials need ssm:DescribeParameters");
        }
        String listed = present.isEmpty()
                ? "none"
                : present.stream().map(Secret::secretName).collect(Collectors.joining(", "));
        if (present.stream().noneMatch(s -> s.provider().isPresent())) {
            return Check.warn(
                    "secrets",
                    "present: " + listed + " (no LLM provider key)",
                    "run " + Goals.command(Goals.SECRETS)
                            + " with ANTHROPIC_API_KEY set (or a <server> openclaw-anthropic-api-key in settings.xml)");
        }
        return Check.pass("secrets", "present: " + listed);
    }

    /** The SDK's messages run to several sentences and a provider list; the first sentence says it. */
    private static String firstSentence(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.length();
        for (String stop : new String[] {". ", " : [", "\n"}) {
            int at = message.indexOf(stop);
            if (at > 0 && at < end) {
                end = at;
            }
        }
        return message.substring(0, end);
    }
}
