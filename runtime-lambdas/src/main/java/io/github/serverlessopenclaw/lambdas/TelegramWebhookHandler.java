package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Protocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP API {@code POST /telegram}. The secret header is checked first, in constant time, before the body
 * is even looked at. Commands {@code /link <code>} and {@code /unlink}; anything else goes to the
 * (linked or own) user's container.
 */
public final class TelegramWebhookHandler extends JsonStreamHandler {
    static final String SECRET_HEADER = "x-telegram-bot-api-secret-token";
    static final String TEXT_WAKING = "Waking up the agent… this takes about a minute. Your message is queued.";
    static final String TEXT_USAGE = "Usage: /link <6-digit code from the web app's settings>";
    static final String TEXT_LINKED = "Account linked. Web and Telegram now share the same agent.";
    static final String TEXT_UNLINK = "Unlinking is done in the web app's settings.";
    static final String TEXT_TOO_LONG = "That message is too long (at most " + Protocol.MAX_MESSAGE_CHARS + " characters).";
    static final String TEXT_FAILED = "Sorry, the agent could not be started. Your message is kept; send another to try again.";
    static final Map<Identity.Refusal, String> REFUSALS = Map.of(
            Identity.Refusal.invalid_code, "That code is invalid or has expired. Generate a new one in the web app.",
            Identity.Refusal.telegram_container_running,
            "Your Telegram agent is still running. Try again in about 15 minutes.",
            Identity.Refusal.linked_elsewhere, "This Telegram account is already linked to another account.");

    private static final Pattern LINK = Pattern.compile("^/link(?:@\\w+)?(?:\\s+(.*))?$", Pattern.DOTALL);
    private static final Pattern UNLINK = Pattern.compile("^/unlink(?:@\\w+)?\\s*$");
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");

    private final Services services;
    private final Secrets secrets;
    private final Identity identity;
    private final Router router;
    private final TelegramApi telegram;

    public TelegramWebhookHandler() {
        this(Services.production());
    }

    TelegramWebhookHandler(Services services) {
        this.services = services;
        this.secrets = new Secrets(services);
        this.identity = new Identity(services);
        this.router = new Router(services);
        this.telegram = new TelegramApi(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        if (!secretMatches(header(event.path("headers"), SECRET_HEADER))) {
            return LambdaResponse.error(403, "Forbidden");
        }
        EventBody body = EventBody.of(event);
        if (body.tooLarge()) {
            return LambdaResponse.error(413, "Body too large");
        }
        if (body.empty()) {
            return ok();
        }
        JsonNode update = Json.parse(body.text()).orElse(null);
        if (update == null) {
            return LambdaResponse.error(400, "Invalid JSON");
        }
        if (!update.isObject()) {
            return LambdaResponse.error(400, "Invalid update");
        }
        JsonNode message = update.get("message");
        if (message == null || message.isNull()) {
            return ok(); // edited messages, channel posts, …: not for us
        }
        JsonNode text = message.get("text");
        JsonNode chatId = message.path("chat").get("id");
        JsonNode fromId = message.path("from").get("id");
        if (!message.isObject() || text != null && !text.isTextual() && !text.isNull()
                || chatId == null || !chatId.isIntegralNumber() || fromId != null && !fromId.isIntegralNumber()) {
            return LambdaResponse.error(400, "Invalid update");
        }
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            return ok(); // photos, stickers, joins
        }
        long chat = chatId.asLong();
        String telegramId = Long.toString(fromId != null ? fromId.asLong() : chat);
        String botToken = secrets.get(Env.TELEGRAM_BOT_TOKEN_PARAMETER);
        if (text.asText().length() > Protocol.MAX_MESSAGE_CHARS) {
            telegram.send(botToken, chat, TEXT_TOO_LONG);
            return ok();
        }
        String content = text.asText().trim();
        Matcher link = LINK.matcher(content);
        if (link.matches()) {
            String code = link.group(1) == null ? "" : link.group(1).trim();
            if (!CODE.matcher(code).matches()) {
                telegram.send(botToken, chat, TEXT_USAGE);
            } else if (identity.verifyAndLink(telegramId, code) instanceof Identity.LinkRefused refused) {
                telegram.send(botToken, chat, REFUSALS.get(refused.reason()));
            } else {
                telegram.send(botToken, chat, TEXT_LINKED);
            }
            return ok();
        }
        if (UNLINK.matcher(content).matches()) {
            telegram.send(botToken, chat, TEXT_UNLINK);
            return ok();
        }
        route(telegramId, chat, text.asText(), botToken);
        return ok();
    }

    private void route(String telegramId, long chat, String text, String botToken) {
        String userId = identity.resolve(telegramId);
        Map<String, String> environment = new LinkedHashMap<>(TaskLauncher.taskEnvironment(userId, services.env().callbackUrl()));
        if (!userId.startsWith(Protocol.TELEGRAM_CONNECTION_PREFIX)) {
            environment.put(Env.TASK_TELEGRAM_CHAT_ID, Long.toString(chat)); // linked: start-up notices go to this chat
        }
        var message = new InboundMessage(userId, text, Protocol.Channel.telegram,
                Protocol.TELEGRAM_CONNECTION_PREFIX + chat, environment);
        try {
            Router.Outcome outcome = router.route(message);
            if (outcome != Router.Outcome.sent) {
                telegram.send(botToken, chat, TEXT_WAKING);
            }
        } catch (RuntimeException e) {
            // 200 anyway: a Telegram retry would only queue the same message twice
            Log.error("routing a Telegram message of " + userId + " failed", e);
            telegram.send(botToken, chat, TEXT_FAILED);
        }
    }

    private boolean secretMatches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        String expected = secrets.get(Env.TELEGRAM_SECRET_PARAMETER);
        if (expected == null) {
            Log.warn("the Telegram webhook secret parameter is not readable; rejecting every update");
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Header lookup ignoring case (HTTP API lowercases names; other proxies may not). */
    static String header(JsonNode headers, String name) {
        if (headers == null || !headers.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name) && entry.getValue().isTextual()) {
                return entry.getValue().asText();
            }
        }
        return null;
    }

    private static JsonNode ok() {
        return LambdaResponse.text(200, "OK");
    }
}
