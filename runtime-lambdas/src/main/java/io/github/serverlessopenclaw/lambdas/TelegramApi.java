package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.io.IOException;
import java.util.Map;

/** Telegram Bot API {@code sendMessage}, fire and forget: failures are logged, never thrown. */
final class TelegramApi {
    private static final int TIMEOUT_MS = 3000;
    private static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private final Services services;

    TelegramApi(Services services) {
        this.services = services;
    }

    void send(String botToken, long chatId, String text) {
        if (botToken == null) {
            return;
        }
        String base = services.env().get(Env.TELEGRAM_API_URL);
        String url = (base.isEmpty() ? Constants.TELEGRAM_API_URL : base) + "/bot" + botToken + "/sendMessage";
        String body = Json.write(Json.object().put("chat_id", chatId).put("text", text));
        try {
            var response = SmallHttp.send(
                    "POST", url, Map.of("Content-Type", "application/json"), body, TIMEOUT_MS, MAX_RESPONSE_BYTES);
            if (!response.ok()) {
                Log.warn("Telegram sendMessage answered " + response.status());
            }
        } catch (IOException e) {
            Log.warn("Telegram sendMessage failed: " + e.getClass().getSimpleName());
        }
    }
}
