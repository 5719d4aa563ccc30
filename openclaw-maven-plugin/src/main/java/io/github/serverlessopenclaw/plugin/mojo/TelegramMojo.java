package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.telegram.TelegramWebhook;
import io.github.serverlessopenclaw.plugin.telegram.WebhookInfo;
import java.net.http.HttpClient;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Registers the Telegram bot's webhook at the deployment's HTTP API ({@code /telegram}) with the webhook
 * secret from SSM, then verifies it with getWebhookInfo and reports Telegram's last delivery error.
 */
@Mojo(name = Goals.TELEGRAM, requiresProject = false, requiresOnline = true, threadSafe = true)
public class TelegramMojo extends AbstractOpenClawMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    /** Delete the webhook instead of registering it. */
    @Parameter(property = PropertyNames.TELEGRAM_REMOVE, defaultValue = "false")
    private boolean remove;

    /** Telegram Bot API base URL (a local stub in tests). */
    @Parameter(property = PropertyNames.TELEGRAM_API_URL, defaultValue = Constants.TELEGRAM_API_URL)
    private String apiUrl;

    @Override
    protected void run() {
        AwsClients clients = awsClients();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // URLConnection client: no wire log that would print the secret values at debug level
        try (SsmClient ssm = clients.create(SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()))) {
            TelegramWebhook webhook = new TelegramWebhook(http, TelegramWebhook.apiBase(apiUrl), ssm, appNames());
            if (remove) {
                webhook.remove();
                getLog().info("Telegram webhook removed (getWebhookInfo reports no URL).");
                return;
            }
            String endpoint = DeployedOutputs.read(clients, appNames()).require(OutputKey.HttpApiEndpoint);
            WebhookInfo info = webhook.register(endpoint);
            getLog().info("Telegram webhook set and verified: " + info.url() + " (" + info.pendingUpdates()
                    + " pending update(s))");
            info.lastErrorMessage()
                    .ifPresent(error -> getLog().warn("Telegram's last delivery error"
                            + info.lastErrorDate().map(d -> " at " + d).orElse("") + ": " + error));
            try {
                webhook.registerCommands();
                getLog().info("Telegram bot commands registered: /"
                        + String.join(", /", TelegramWebhook.COMMANDS.keySet()));
            } catch (ConfigurationException e) {
                // the webhook works without them; only the command menu is missing
                getLog().warn("Telegram bot commands not registered (" + e.getMessage() + "); run "
                        + Goals.command(Goals.TELEGRAM) + " again");
            }
        }
    }
}
