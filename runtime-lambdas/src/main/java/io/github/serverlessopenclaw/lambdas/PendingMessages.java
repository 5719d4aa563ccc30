package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;
import static io.github.serverlessopenclaw.lambdas.Items.s;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RowSchema;
import io.github.serverlessopenclaw.common.Table;
import java.time.Duration;
import java.util.UUID;

/** The PendingMessages queue the container drains when it is ready. */
final class PendingMessages {
    /** Longer than {@link Constants#TASK_START_TIMEOUT}, so a message outlives the slowest start it waits for. */
    static final Duration TTL = Duration.ofMinutes(15);

    private final Services services;
    private final String table;

    PendingMessages(Services services) {
        this.services = services;
        this.table = services.env().table(Table.PENDING_MESSAGES);
    }

    void save(InboundMessage message) {
        save(message, TTL);
    }

    /** Saves with a lifetime of the caller's (a message waiting for a free container slot is kept longer). */
    void save(InboundMessage message, Duration ttl) {
        var now = services.clock().instant();
        var item = key(
                Constants.USER_PREFIX + message.userId(),
                Constants.MESSAGE_PREFIX + now.toEpochMilli() + "#" + UUID.randomUUID());
        item.put(RowSchema.PendingMessages.MESSAGE, s(message.text()));
        item.put(RowSchema.PendingMessages.CHANNEL, s(message.channel().name()));
        item.put(RowSchema.PendingMessages.CONNECTION_ID, s(message.connectionId()));
        if (!Protocol.DEFAULT_CONVERSATION.equals(message.conversationId())) {
            item.put(RowSchema.PendingMessages.CONVERSATION_ID, s(message.conversationId()));
        }
        item.put(RowSchema.PendingMessages.LANGUAGE, s(message.language().name()));
        item.put(RowSchema.PendingMessages.CREATED_AT, s(now.toString()));
        item.put(Constants.TTL, n(now.plus(ttl).getEpochSecond()));
        services.dynamo().putItem(b -> b.tableName(table).item(item));
    }

    /** Whether the user has a queued message that has not expired. */
    boolean has(String userId) {
        long now = services.clock().instant().getEpochSecond();
        return services.dynamo()
                .queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("PK = :pk")
                        .filterExpression("#ttl > :now")
                        .expressionAttributeNames(java.util.Map.of("#ttl", Constants.TTL))
                        .expressionAttributeValues(
                                java.util.Map.of(":pk", s(Constants.USER_PREFIX + userId), ":now", n(now))))
                .items()
                .iterator()
                .hasNext();
    }
}
