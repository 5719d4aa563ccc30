package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RowSchema;
import io.github.serverlessopenclaw.common.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a conversation (the container writes it) as the {@code messages} array of docs/protocol.md. */
final class Conversations {
    static final int LIMIT = 50;
    /** API Gateway caps a WebSocket frame at 128 KiB; history frames stay below this. */
    static final int MAX_FRAME_BYTES = 120 * 1024;

    static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Services services;
    private final String table;

    Conversations(Services services) {
        this.services = services;
        this.table = services.env().table(Table.CONVERSATIONS);
    }

    /** The last {@link #LIMIT} messages, oldest first. */
    ArrayNode history(String userId, String conversationId) {
        String prefix = Constants.CONVERSATION_PREFIX + conversationId + "#" + Constants.MESSAGE_PREFIX;
        var items = services.dynamo()
                .query(b -> b.tableName(table)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(
                                Map.of(":pk", s(Constants.USER_PREFIX + userId), ":prefix", s(prefix)))
                        .scanIndexForward(false)
                        .limit(LIMIT))
                .items();
        List<ObjectNode> messages = new ArrayList<>();
        for (var item : items) {
            ObjectNode message = Json.object()
                    .put(Protocol.FIELD_ROLE, orEmpty(Items.string(item, RowSchema.Conversations.ROLE)))
                    .put(Protocol.FIELD_CONTENT, orEmpty(Items.string(item, RowSchema.Conversations.CONTENT)))
                    .put(Protocol.FIELD_CHANNEL, orEmpty(Items.string(item, RowSchema.Conversations.CHANNEL)));
            String sk = Items.string(item, Constants.SK);
            try {
                message.put("timestamp", Long.parseLong(sk.substring(prefix.length())));
            } catch (RuntimeException e) {
                message.putNull("timestamp");
            }
            messages.add(message);
        }
        Collections.reverse(messages);
        ArrayNode array = Json.array();
        messages.forEach(array::add);
        return array;
    }

    /** The {@code history} frame, dropping the oldest messages until it fits one WebSocket frame. */
    static ObjectNode historyFrame(ArrayNode messages) {
        ObjectNode frame = Json.object().put(Protocol.FIELD_TYPE, Protocol.ServerType.history.name());
        frame.set(Protocol.FIELD_MESSAGES, messages);
        while (messages.size() > 0
                && Json.write(frame).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_FRAME_BYTES) {
            messages.remove(0);
        }
        return frame;
    }

    /**
     * On how many distinct days of the last {@code lookbackDays} the user wrote during the current UTC hour:
     * the watchdog's measure of "the user is usually active now". Reads the user's rows (they expire after
     * 7 days), keys and role only.
     */
    int activeDaysAtThisHour(String userId, java.time.Instant now, int lookbackDays) {
        long since = now.minus(java.time.Duration.ofDays(lookbackDays)).toEpochMilli();
        int hour = now.atZone(java.time.ZoneOffset.UTC).getHour();
        java.util.Set<java.time.LocalDate> days = new java.util.HashSet<>();
        var pages = services.dynamo()
                .queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(
                                ":pk", s(Constants.USER_PREFIX + userId), ":prefix", s(Constants.CONVERSATION_PREFIX)))
                        .projectionExpression("SK, #r")
                        .expressionAttributeNames(Map.of("#r", RowSchema.Conversations.ROLE)));
        for (var item : pages.items()) {
            String sk = Items.string(item, Constants.SK);
            int at = sk == null ? -1 : sk.lastIndexOf("#" + Constants.MESSAGE_PREFIX);
            if (at < 0 || !RowSchema.Conversations.Role.USER.equals(Items.string(item, RowSchema.Conversations.ROLE))) {
                continue;
            }
            try {
                long millis = Long.parseLong(sk.substring(at + 1 + Constants.MESSAGE_PREFIX.length()));
                var time = java.time.Instant.ofEpochMilli(millis).atZone(java.time.ZoneOffset.UTC);
                if (millis >= since && time.getHour() == hour) {
                    days.add(time.toLocalDate());
                }
            } catch (NumberFormatException e) {
                // not a message row
            }
        }
        return days.size();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
