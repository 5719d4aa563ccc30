package io.github.serverlessopenclaw.plugin.telegram;

import java.time.Instant;
import java.util.Optional;

/** What Telegram reports about the bot's webhook (getWebhookInfo). */
public record WebhookInfo(
        String url, int pendingUpdates, Optional<String> lastErrorMessage, Optional<Instant> lastErrorDate) {}
