package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RowSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The PendingMessages queue ({@code PK=USER#<userId>}, {@code SK=MSG#<epoch ms>#<uuid>}): messages the
 * Lambdas queued while no bridge could take them, oldest first. The bridge also puts back a message it
 * accepted but could not answer before shutting down, so the next container answers it.
 */
final class PendingQueue {
    /** Lifetime of a message the bridge puts back (the Lambdas' queue keeps theirs as long). */
    static final Duration REQUEUE_TTL = Duration.ofMinutes(15);

    record Item(
            String userId,
            String sortKey,
            String message,
            String channel,
            String connectionId,
            String conversationId,
            Instant createdAt,
            Language language) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    PendingQueue(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Every queued message of a user, all pages, oldest first. */
    List<Item> list(String userId) {
        List<Item> items = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Constants.USER_PREFIX + userId))))
                .items()
                .forEach(item -> items.add(toItem(userId, item)));
        return items;
    }

    void delete(Item item) {
        dynamo.deleteItem(b -> b.tableName(table)
                .key(Map.of(
                        Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + item.userId()),
                        Constants.SK, AttributeValue.fromS(item.sortKey()))));
    }

    void requeue(BridgeMessage message) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new java.util.HashMap<>();
        item.put(Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + message.userId()));
        item.put(
                Constants.SK,
                AttributeValue.fromS(
                        Constants.MESSAGE_PREFIX + message.receivedAt().toEpochMilli() + "#" + UUID.randomUUID()));
        item.put(RowSchema.PendingMessages.MESSAGE, AttributeValue.fromS(message.message()));
        item.put(
                RowSchema.PendingMessages.CHANNEL,
                AttributeValue.fromS(message.channel().name()));
        item.put(RowSchema.PendingMessages.CONNECTION_ID, AttributeValue.fromS(message.connectionId()));
        if (!Protocol.DEFAULT_CONVERSATION.equals(message.conversationId())) {
            item.put(RowSchema.PendingMessages.CONVERSATION_ID, AttributeValue.fromS(message.conversationId()));
        }
        item.put(
                RowSchema.PendingMessages.LANGUAGE,
                AttributeValue.fromS(message.language().name()));
        item.put(
                RowSchema.PendingMessages.CREATED_AT,
                AttributeValue.fromS(message.receivedAt().toString()));
        item.put(
                Constants.TTL,
                AttributeValue.fromN(Long.toString(now.plus(REQUEUE_TTL).getEpochSecond())));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static Item toItem(String userId, Map<String, AttributeValue> item) {
        Instant created;
        try {
            created = Instant.parse(string(item, RowSchema.PendingMessages.CREATED_AT));
        } catch (RuntimeException e) {
            created = null;
        }
        return new Item(
                userId,
                string(item, Constants.SK),
                string(item, RowSchema.PendingMessages.MESSAGE),
                string(item, RowSchema.PendingMessages.CHANNEL),
                string(item, RowSchema.PendingMessages.CONNECTION_ID),
                string(item, RowSchema.PendingMessages.CONVERSATION_ID),
                created,
                Language.of(string(item, RowSchema.PendingMessages.LANGUAGE)));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
