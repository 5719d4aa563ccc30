package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.s;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Table;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The conversation a Telegram chat is in: a row of the Settings table per Telegram id, written by {@code /new}.
 * Without one the chat is in {@link Protocol#DEFAULT_CONVERSATION}. The id travels with each message as the web's
 * {@code conversationId} does, so the bridge keys a fresh gateway session and history by it.
 */
final class TelegramChats {
    static final String CONVERSATION_KEY = "TELEGRAM#conversation";

    private final Services services;
    private final String settings;

    TelegramChats(Services services) {
        this.services = services;
        this.settings = services.env().table(Table.SETTINGS);
    }

    /** The chat's current conversation id, or null for the default one. */
    String current(String telegramId) {
        var item = services.dynamo()
                .getItem(b -> b.tableName(settings).key(rowKey(telegramId)).consistentRead(true))
                .item();
        String id = Items.string(item, Protocol.FIELD_CONVERSATION_ID);
        return id != null && Conversations.VALID_ID.matcher(id).matches() ? id : null;
    }

    /** Starts a new conversation for the chat and returns its id ({@code tg-<epoch millis>}). */
    String startNew(String telegramId) {
        String id = "tg-" + services.clock().millis();
        Map<String, AttributeValue> item = rowKey(telegramId);
        item.put(Protocol.FIELD_CONVERSATION_ID, s(id));
        services.dynamo().putItem(b -> b.tableName(settings).item(item));
        return id;
    }

    private static Map<String, AttributeValue> rowKey(String telegramId) {
        return key(Constants.USER_PREFIX + Protocol.TELEGRAM_CONNECTION_PREFIX + telegramId, CONVERSATION_KEY);
    }
}
