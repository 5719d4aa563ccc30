package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What a deployment is configured with that goals setting up one part of it share with deploy: the toolkit
 * (bootstrap, destroy), the secrets (secrets) and the web UI (publish-web). Declared once here so a pom's
 * {@code <configuration>} means the same to every goal; a goal ignores the ones it has no use for, as Jib's goals do.
 */
abstract class AbstractDeploymentMojo extends AbstractOpenClawMojo {

    /**
     * Bootstrap qualifier: names the toolkit stack, its bucket and its ECR repository; {@code hnb659fds} uses an
     * existing {@code cdk bootstrap}. The stacks' synthesizer and destroyAll use the same one.
     */
    @Parameter(property = PropertyNames.QUALIFIER, defaultValue = StackConfig.DEFAULT_QUALIFIER)
    protected String qualifier;

    /** change-set (default: preview, empty ones reported as "no changes") or direct (CreateStack/UpdateStack, faster). */
    @Parameter(property = PropertyNames.DEPLOY_METHOD, defaultValue = "change-set")
    protected String deployMethod;

    /** Enable the Telegram bot: its webhook route, and its two secrets (the bot token is then required). */
    @Parameter(property = PropertyNames.TELEGRAM, defaultValue = "false")
    protected boolean telegram;

    /**
     * LLM providers besides the model's, by OpenClaw provider id (openai, openrouter, google), comma separated: their
     * keys become required and the container gets them. The key names ({@code openai-api-key}) are accepted too.
     */
    @Parameter(property = PropertyNames.PROVIDERS)
    protected String providers;

    /**
     * Customer KMS key of the secrets, as key id or key ARN; default: the AWS-managed aws/ssm key. synth and deploy
     * refuse an alias (the roles that read the secrets are granted kms:Decrypt on the key itself); secrets accepts one.
     */
    @Parameter(property = PropertyNames.KMS_KEY_ID)
    protected String kmsKeyId;

    /** The Telegram bot's user name; the web UI's Settings shows it as the bot to send {@code /link CODE} to. */
    @Parameter(property = PropertyNames.TELEGRAM_BOT_NAME)
    protected String telegramBotName;

    /** A folder of built web files (with index.html) to publish instead of the bundled UI. */
    @Parameter(property = PropertyNames.WEB_DIRECTORY)
    protected File webDirectory;

    protected Optional<String> kmsKey() {
        return Optional.ofNullable(kmsKeyId).map(String::trim).filter(k -> !k.isEmpty());
    }
}
