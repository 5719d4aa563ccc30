package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The toolkit stack every deployment needs once per account and region: staging bucket, image
 * repository, publishing/deploy/execution roles and the {@code /cdk-bootstrap/<qualifier>/version}
 * parameter, i.e. what the CDK's DefaultStackSynthesizer expects. Our own template, deployed through
 * the same {@link StackDeployer} as the product's stacks, so a second run is a no-op with zero writes.
 * Never downgrades. The CDK's standard qualifier means "use the existing {@code cdk bootstrap}".
 */
public final class Bootstrapper {
    /** The CDK's default qualifier: such environments were bootstrapped with {@code cdk bootstrap}. */
    public static final String CDK_QUALIFIER = "hnb659fds";
    /**
     * The bootstrap-contract version this template provides (the CDK CLI's template v32 has the same
     * names, roles and version parameter; synthesized stacks require 6, lookups 8).
     */
    public static final int VERSION = 32;

    private static final Pattern QUALIFIER = Pattern.compile("[a-z0-9]{1,10}");
    private static final String TEMPLATE = "toolkit-template.json";

    private final AwsClients aws;
    private final DeployLog log;

    public Bootstrapper(AwsClients aws, DeployLog log) {
        this.aws = aws;
        this.log = log;
    }

    /** {@code OpenClawToolkit} for our qualifier, {@code OpenClawToolkit-<qualifier>} for others. */
    public static String toolkitStackName(String qualifier) {
        return qualifier.equals(StackConfig.DEFAULT_QUALIFIER) ? "OpenClawToolkit" : "OpenClawToolkit-" + qualifier;
    }

    /** The staging bucket the toolkit template creates (and the DefaultStackSynthesizer expects). */
    public static String stagingBucket(String qualifier, String account, String region) {
        return "cdk-" + qualifier + "-assets-" + account + "-" + region;
    }

    public static String versionParameter(String qualifier) {
        return "/cdk-bootstrap/" + qualifier + "/version";
    }

    /** The toolkit's image repository (the CDK DefaultStackSynthesizer's name; push-image's default target). */
    public static String containerAssetsRepository(String qualifier, String account, String region) {
        return "cdk-" + qualifier + "-container-assets-" + account + "-" + region;
    }

    public StackResult bootstrap(String qualifier, DeployMethod method) {
        return bootstrap(qualifier, method, Map.of());
    }

    /**
     * Creates or upgrades the toolkit stack with {@code openclaw.tags} as its stack tags (CloudFormation puts them on the
     * bucket, repository and roles too, as {@code cdk bootstrap --tags}); changed tags alone update it. An existing CDK
     * bootstrap ({@code hnb659fds}) is not ours and is left as it is.
     */
    public StackResult bootstrap(String qualifier, DeployMethod method, Map<String, String> tags) {
        StackConfig.checkTags(tags);
        if (qualifier == null || !QUALIFIER.matcher(qualifier).matches()) {
            throw new ConfigurationException(
                    PropertyNames.QUALIFIER + " '" + qualifier + "' is not valid: use 1 to 10 lowercase"
                            + " letters and digits (default " + StackConfig.DEFAULT_QUALIFIER + ")");
        }
        try (RoleClients clients = new RoleClients(aws)) {
            String account = clients.sts().getCallerIdentity().account();
            Placeholders env = Placeholders.of(account, clients.defaultRegion());
            Optional<Integer> deployed = deployedVersion(clients, qualifier);
            if (qualifier.equals(CDK_QUALIFIER)) {
                int version = deployed.orElseThrow(() -> new ConfigurationException("Qualifier " + CDK_QUALIFIER
                        + " means an existing CDK bootstrap, but " + versionParameter(qualifier) + " does not exist in "
                        + account + "/" + env.region() + ": run cdk bootstrap, or leave " + PropertyNames.QUALIFIER
                        + " unset to use ours"));
                log.info("Using the existing CDK bootstrap (qualifier " + qualifier + ", version " + version + ") in "
                        + account + "/" + env.region());
                return new StackResult("CDKToolkit", StackResult.Outcome.UNCHANGED, Duration.ZERO, "", Map.of());
            }
            String stackName = toolkitStackName(qualifier);
            if (deployed.isPresent() && deployed.get() > VERSION) {
                log.warn(stackName + ": version " + deployed.get() + " is deployed, newer than this plugin's " + VERSION
                        + "; not downgrading");
                return new StackResult(
                        stackName, StackResult.Outcome.UNCHANGED, Duration.ZERO, "newer version deployed", Map.of());
            }
            Path template = writeTemplate();
            try {
                StackArtifact toolkit = StackArtifact.standalone(stackName, template, Map.of("Qualifier", qualifier))
                        .withTags(tags);
                DeployOptions options = DeployOptions.defaults().withMethod(method);
                StackResult result = new StackDeployer(clients, options, log, "bootstrap-" + System.currentTimeMillis())
                        .deploy(toolkit, env);
                if (result.outcome() == StackResult.Outcome.FAILED) {
                    throw new DeployException(
                            "Bootstrap of " + account + "/" + env.region() + " failed: " + result.detail());
                }
                log.info(stackName + " (qualifier " + qualifier + ", version " + VERSION + ") in " + account + "/"
                        + env.region() + ": " + result.outcome().label());
                return result;
            } finally {
                delete(template);
            }
        }
    }

    private static Optional<Integer> deployedVersion(RoleClients clients, String qualifier) {
        try {
            return readVersion(clients.ssm(Optional.empty(), clients.defaultRegion()), versionParameter(qualifier));
        } catch (NumberFormatException e) {
            return Optional.of(0);
        }
    }

    /**
     * The one reader of a toolkit version ({@link #versionParameter}, or the parameter a stack names): empty when
     * the parameter does not exist; a {@link NumberFormatException} when it holds no number (each caller says
     * what that means for it).
     */
    public static Optional<Integer> readVersion(SsmClient ssm, String parameter) {
        try {
            return Optional.of(Integer.parseInt(
                    ssm.getParameter(b -> b.name(parameter)).parameter().value().trim()));
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The template text with this plugin's version filled in. */
    public static String template() {
        try (InputStream in = Bootstrapper.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the plugin jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@VERSION@", Integer.toString(VERSION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeTemplate() {
        try {
            Path file = Files.createTempFile("openclaw-toolkit", ".json");
            Files.writeString(file, template(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file; the OS cleans it up
        }
    }
}
