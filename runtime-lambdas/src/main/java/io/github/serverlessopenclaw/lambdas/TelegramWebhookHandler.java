package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.TaskStatus;
import io.github.serverlessopenclaw.common.Texts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP API {@code POST /telegram}. The secret header is checked first, in constant time, before the body
 * is even looked at. The bot is private: only a Telegram account linked to a web account, or one whose id is
 * in {@link Env#TELEGRAM_ALLOW}, reaches a container. Anyone else gets one reply saying how to link, at most
 * once an hour, and otherwise silence. Commands {@code /link <code>} (anyone, {@link Limits#LINK_TRIES} tries
 * per {@link Limits#LINK_WINDOW}), {@code /unlink}, and for users {@code /help} ({@code /start}), {@code /status},
 * {@code /new} (a new conversation); any other command Telegram marks as one is answered "unknown", never sent
 * to the agent. Replies are in the sender's Telegram language ({@code language_code}), English when unknown.
 */
public final class TelegramWebhookHandler extends JsonStreamHandler {
    static final String SECRET_HEADER = "x-telegram-bot-api-secret-token";
    static final Map<Identity.Refusal, Texts> REFUSALS = Map.of(
            Identity.Refusal.invalid_code, Texts.LINK_INVALID_CODE,
            Identity.Refusal.telegram_container_running, Texts.LINK_CONTAINER_RUNNING,
            Identity.Refusal.linked_elsewhere, Texts.LINK_ELSEWHERE);

    private static final Pattern LINK = Pattern.compile("^/link(?:@\\w+)?(?:\\s+(.*))?$", Pattern.DOTALL);
    private static final Pattern UNLINK = Pattern.compile("^/unlink(?:@\\w+)?\\s*$");
    /** The commands the bot registers (setMyCommands) and answers besides /link; arguments are ignored. */
    private static final Pattern HELP = Pattern.compile("^/(?:help|start)(?:@\\w+)?(?:\\s.*)?$", Pattern.DOTALL);

    private static final Pattern STATUS = Pattern.compile("^/status(?:@\\w+)?(?:\\s.*)?$", Pattern.DOTALL);
    private static final Pattern NEW = Pattern.compile("^/new(?:@\\w+)?(?:\\s.*)?$", Pattern.DOTALL);
    /** Telegram's mark of a command: a {@code bot_command} entity at offset 0. Anything else is text for the agent. */
    static final String BOT_COMMAND = "bot_command";
    /** Bot chats are {@code private}; {@code group}, {@code supergroup} and {@code channel} are never served. */
    static final String PRIVATE_CHAT = "private";

    private final Services services;
    private final Secrets secrets;
    private final Identity identity;
    private final Router router;
    private final TelegramApi telegram;
    private final Limits limits;
    private final TaskStates states;
    private final TelegramChats chats;

    public TelegramWebhookHandler() {
        this(Services.production());
        // its own path: the user's row (a read its role may make), the clients for secrets and routing; the
        // secrets themselves are read on the first update, never kept in a snapshot
        Priming.run(() -> {
            states.get(Priming.USER);
            services.ssm();
            services.ecsCalls();
        });
    }

    TelegramWebhookHandler(Services services) {
        this.services = services;
        this.secrets = new Secrets(services);
        this.identity = new Identity(services);
        this.router = new Router(services);
        this.telegram = new TelegramApi(services);
        this.limits = new Limits(services);
        this.states = new TaskStates(services);
        this.chats = new TelegramChats(services);
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
        // Only "message" updates: channel posts (channel_post), edits, joins and callbacks are acknowledged and
        // dropped. A channel has no person behind it to link, rate-limit or answer.
        JsonNode message = update.get("message");
        if (message == null || message.isNull()) {
            return ok();
        }
        JsonNode text = message.get("text");
        JsonNode chatId = message.path("chat").get("id");
        JsonNode fromId = message.path("from").get("id");
        if (!message.isObject()
                || text != null && !text.isTextual() && !text.isNull()
                || chatId == null
                || !chatId.isIntegralNumber()
                || fromId != null && !fromId.isIntegralNumber()) {
            return LambdaResponse.error(400, "Invalid update");
        }
        // Private chats only: in a group every member would read the agent's replies (the owner's workspace and
        // history) and could write to it in a linked user's name. Silent, so the bot never talks in a group.
        if (!PRIVATE_CHAT.equals(message.path("chat").path("type").asText(null))) {
            return ok();
        }
        // Messages from bots are dropped: no bot can be linked, and two bots answering each other would loop.
        if (message.path("from").path("is_bot").asBoolean(false)) {
            return ok();
        }
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            return ok(); // photos, stickers, joins
        }
        long chat = chatId.asLong();
        // In a private chat the chat is the user: its id equals from.id, so it stands in when from is absent.
        String telegramId = Long.toString(fromId != null ? fromId.asLong() : chat);
        // the user's Telegram language (a hint; anything unknown is English)
        Language language = Language.of(Json.text(message.path("from"), "language_code"));
        String content = text.asText().trim();
        Matcher link = LINK.matcher(content);
        if (link.matches()) {
            link(telegramId, chat, link.group(1) == null ? "" : link.group(1).trim(), language);
            return ok();
        }
        String userId = identity.resolve(telegramId);
        if (userId.startsWith(Protocol.TELEGRAM_CONNECTION_PREFIX) && !allowed(telegramId)) {
            // A stranger: one reply an hour (one conditional write decides), nothing else is read or started.
            if (limits.strangerNoticeDue(telegramId)) {
                telegram.send(secrets.get(Env.TELEGRAM_BOT_TOKEN_PARAMETER), chat, Texts.PRIVATE_BOT.in(language));
            }
            Metrics.count(RuntimeMetric.TELEGRAM_STRANGER);
            return ok();
        }
        String botToken = secrets.get(Env.TELEGRAM_BOT_TOKEN_PARAMETER);
        if (text.asText().length() > Protocol.MAX_MESSAGE_CHARS) {
            telegram.send(botToken, chat, Texts.TOO_LONG.format(language, Protocol.MAX_MESSAGE_CHARS));
            return ok();
        }
        if (UNLINK.matcher(content).matches()) {
            telegram.send(botToken, chat, Texts.UNLINK_IN_WEB.in(language));
        } else if (HELP.matcher(content).matches()) {
            telegram.send(botToken, chat, Texts.HELP.in(language));
        } else if (STATUS.matcher(content).matches()) {
            telegram.send(botToken, chat, status(userId, language));
        } else if (NEW.matcher(content).matches()) {
            chats.startNew(telegramId);
            telegram.send(botToken, chat, Texts.NEW_CONVERSATION.in(language));
        } else if (command(message)) {
            telegram.send(botToken, chat, Texts.UNKNOWN_COMMAND.in(language)); // never sent to the agent as text
        } else {
            route(userId, chat, text.asText(), botToken, chats.current(telegramId), language);
        }
        return ok();
    }

    /**
     * {@code /link <code>} from anyone (it is how a stranger becomes a user), counted before the code is even
     * looked at: past {@link Limits#LINK_TRIES} tries in {@link Limits#LINK_WINDOW} every try is refused, the
     * right code included, and only the first refusal is answered.
     */
    private void link(String telegramId, long chat, String argument, Language language) {
        Limits.Verdict attempt = limits.linkTry(telegramId);
        if (!attempt.allowed()) {
            Metrics.count(RuntimeMetric.LINK_TRY_REFUSED);
            if (attempt.firstRefusal()) {
                telegram.send(
                        secrets.get(Env.TELEGRAM_BOT_TOKEN_PARAMETER), chat, Texts.LINK_TOO_MANY_TRIES.in(language));
            }
            return;
        }
        String botToken = secrets.get(Env.TELEGRAM_BOT_TOKEN_PARAMETER);
        String code = argument.toUpperCase(Locale.ROOT);
        if (!Identity.CODE.matcher(code).matches()) {
            telegram.send(botToken, chat, Texts.LINK_USAGE.format(language, Identity.CODE_LENGTH));
        } else if (identity.verifyAndLink(telegramId, code) instanceof Identity.LinkRefused refused) {
            telegram.send(botToken, chat, REFUSALS.get(refused.reason()).in(language));
        } else {
            telegram.send(botToken, chat, Texts.LINKED.in(language));
        }
    }

    /** /status: the user's container as the TaskState row says. */
    private String status(String userId, Language language) {
        TaskState state = states.get(userId);
        TaskStatus status = state == null ? null : state.status();
        if (status == TaskStatus.Running) {
            return Texts.STATUS_RUNNING.in(language);
        }
        return (status == TaskStatus.Starting ? Texts.STATUS_STARTING : Texts.STATUS_IDLE).in(language);
    }

    /** True when Telegram marks the text as a command (a bot_command entity at offset 0). */
    static boolean command(JsonNode message) {
        JsonNode entities = message.get("entities");
        if (entities == null || !entities.isArray()) {
            return false;
        }
        for (JsonNode entity : entities) {
            if (BOT_COMMAND.equals(Json.text(entity, "type"))
                    && entity.path("offset").isInt()
                    && entity.path("offset").asInt() == 0) {
                return true;
            }
        }
        return false;
    }

    /** Ids in {@link Env#TELEGRAM_ALLOW} may use the bot with their own container, without a web account. */
    private boolean allowed(String telegramId) {
        return services.env().list(Env.TELEGRAM_ALLOW).contains(telegramId);
    }

    private void route(
            String userId, long chat, String text, String botToken, String conversationId, Language language) {
        Map<String, String> environment = new LinkedHashMap<>(
                TaskLauncher.taskEnvironment(userId, services.env().callbackUrl()));
        if (!userId.startsWith(Protocol.TELEGRAM_CONNECTION_PREFIX)) {
            environment.put(Env.TASK_TELEGRAM_CHAT_ID, Long.toString(chat)); // linked: start-up notices go to this chat
        }
        environment.put(
                Env.TASK_TELEGRAM_LANGUAGE, language.name()); // the notices' language: en or ko, never the raw code
        var message = new InboundMessage(
                userId,
                text,
                Protocol.Channel.telegram,
                Protocol.TELEGRAM_CONNECTION_PREFIX + chat,
                conversationId,
                environment,
                language);
        try {
            Router.Outcome outcome = router.route(message);
            switch (outcome) {
                case sent -> {}
                case rate_limited ->
                    telegram.send(botToken, chat, Texts.RATE_LIMITED.format(language, router.messagesPerMinute()));
                case waiting ->
                    telegram.send(botToken, chat, Texts.AT_CAPACITY.format(language, router.maxContainers()));
                default -> telegram.send(botToken, chat, Texts.WAKING.in(language));
            }
        } catch (RuntimeException e) {
            // 200 anyway: a Telegram retry would only queue the same message twice
            Log.error("routing a Telegram message of " + userId + " failed", e);
            telegram.send(botToken, chat, Texts.START_FAILED.in(language));
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
        if (equal(presented, expected)) {
            return true;
        }
        // After a rotation Telegram sends the new secret while this instance may still hold the old one: read it
        // again (at most every Secrets.MIN_REFRESH_INTERVAL) and decide once more.
        return secrets.refresh(Env.TELEGRAM_SECRET_PARAMETER)
                && equal(presented, secrets.get(Env.TELEGRAM_SECRET_PARAMETER));
    }

    private static boolean equal(String presented, String expected) {
        return expected != null
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
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
