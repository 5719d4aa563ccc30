package io.github.serverlessopenclaw.plugin.local;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LocalRun} needs.
 *
 * @param stacks        the configuration the templates are synthesized from (as for a deploy)
 * @param runDirectory  {@code target/openclaw/run}: logs, the cloud assembly, the tasks' folders, the sign-in file
 * @param endpoint      a moto that runs already ({@code openclaw.endpoint}); empty starts one
 * @param image         the container image's contents for this machine
 * @param secrets       provider keys and the Telegram bot token to write as SSM SecureStrings (the gateway token and
 *                      the webhook secret are generated)
 * @param model         the model's endpoint when it is not the provider's own
 * @param telegramApiUrl the Telegram Bot API the Lambdas and containers call (empty: Telegram's)
 * @param webPort       the web UI's port (0: any free one)
 * @param email         the user created on the first run
 */
public record LocalRunConfig(
        StackConfig stacks,
        Path runDirectory,
        Optional<URI> endpoint,
        ContainerImage image,
        Map<Secret, String> secrets,
        Optional<ModelEndpoint> model,
        Optional<URI> telegramApiUrl,
        int webPort,
        String email) {

    /** An OpenAI-compatible (or other) endpoint for {@code openclaw.model}: base URL, OpenClaw api, optional key. */
    public record ModelEndpoint(URI baseUrl, String api, Optional<String> apiKey) {
        public ModelEndpoint {
            Objects.requireNonNull(baseUrl, "baseUrl");
            api = api == null || api.isBlank() ? "openai-completions" : api;
        }
    }

    public LocalRunConfig {
        Objects.requireNonNull(stacks, "stacks");
        Objects.requireNonNull(runDirectory, "runDirectory");
        Objects.requireNonNull(image, "image");
        secrets = Map.copyOf(secrets);
    }
}
