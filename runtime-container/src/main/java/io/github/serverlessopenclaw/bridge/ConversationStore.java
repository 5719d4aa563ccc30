package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.RowSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Conversation turns in the Conversations table: {@code PK=USER#<userId>},
 * {@code SK=CONV#<conversationId>#MSG#<epoch ms>}, {@code role}, {@code content}, {@code channel}, {@code ttl}.
 */
final class ConversationStore {
    record Turn(String role, String content) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private long lastMillis;

    ConversationStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Saves a user turn and its reply; the reply's key is later, so the order survives equal clocks. */
    void saveExchange(String userId, String conversationId, String channel, String userText, String reply) {
        long userMillis = nextMillis();
        long replyMillis = nextMillis();
        put(userId, conversationId, userMillis, RowSchema.Conversations.Role.USER, userText, channel);
        put(userId, conversationId, replyMillis, RowSchema.Conversations.Role.ASSISTANT, reply, channel);
    }

    /** The newest {@code limit} turns of a conversation, oldest first. */
    List<Turn> recent(String userId, String conversationId, int limit) {
        QueryResponse response = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(Constants.USER_PREFIX + userId),
                        ":prefix", AttributeValue.fromS(prefix(conversationId))))
                .scanIndexForward(false)
                .limit(limit));
        List<Turn> turns = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            AttributeValue role = item.get(RowSchema.Conversations.ROLE);
            AttributeValue content = item.get(RowSchema.Conversations.CONTENT);
            if (role != null && content != null) {
                turns.add(new Turn(role.s(), content.s()));
            }
        }
        Collections.reverse(turns);
        return turns;
    }

    private void put(String userId, String conversationId, long millis, String role, String content, String channel) {
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + userId),
                        Constants.SK, AttributeValue.fromS(prefix(conversationId) + millis),
                        RowSchema.Conversations.ROLE, AttributeValue.fromS(role),
                        RowSchema.Conversations.CONTENT, AttributeValue.fromS(content),
                        RowSchema.Conversations.CHANNEL, AttributeValue.fromS(channel),
                        Constants.TTL,
                                AttributeValue.fromN(
                                        Long.toString(millis / 1000 + Constants.CONVERSATION_TTL_SECONDS)))));
    }

    private static String prefix(String conversationId) {
        return Constants.CONVERSATION_PREFIX + conversationId + "#" + Constants.MESSAGE_PREFIX;
    }

    private synchronized long nextMillis() {
        lastMillis = Math.max(clock.millis(), lastMillis + 1);
        return lastMillis;
    }
}
