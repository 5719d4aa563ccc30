package io.github.serverlessopenclaw.plugin.users;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RowSchema;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.state.ResetRequest;
import io.github.serverlessopenclaw.plugin.state.ResetRow;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Everything the deployment keeps about one user, and its removal for {@code openclaw:user-delete}: in this order,
 * so a deleted user cannot come back half-way and a failed run can simply be run again —
 * <ol>
 * <li>a revocation row ({@link Constants#REVOKED_PREFIX}): $connect and ws-message refuse the user's still valid
 * ID tokens and open connections (a Cognito ID token cannot be revoked and lives up to its {@code exp});</li>
 * <li>the Telegram links (both directions, and a pending link code), so Telegram no longer reaches the user;</li>
 * <li>the open WebSocket connections (DeleteConnection, then the row);</li>
 * <li>the container (stopped) and its TaskState row, as {@code reset-state -Dopenclaw.all -Dopenclaw.user} does;</li>
 * <li>pending messages, conversation history, settings, and the workspace backup in the data bucket.</li>
 * </ol>
 * The Cognito user itself is deleted last, by the caller.
 */
public final class UserData {
    /** DynamoDB BatchWriteItem takes at most 25 requests; S3 DeleteObjects at most 1000 keys. */
    private static final int WRITE_BATCH = 25;

    private static final int S3_BATCH = 1000;

    /** What was deleted, counted. */
    public record Deleted(
            int connections,
            int containers,
            int taskStateRows,
            int pendingMessages,
            int conversationItems,
            int settings,
            int telegramLinks,
            int workspaceFiles) {

        /** "2 connection(s) closed, 1 container(s) stopped, ..." */
        public String describe() {
            return connections + " connection(s) closed, " + containers + " container(s) stopped, " + taskStateRows
                    + " TaskState row(s), " + pendingMessages + " pending message(s), " + conversationItems
                    + " conversation item(s), " + settings + " setting(s), " + telegramLinks + " Telegram link(s), "
                    + workspaceFiles + " workspace file(s) deleted";
        }
    }

    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final Optional<ApiGatewayManagementApiClient> managementApi;
    private final StateReconciler containers;
    private final AppNames names;
    private final String dataBucket;
    private final Clock clock;

    public UserData(
            DynamoDbClient dynamo,
            S3Client s3,
            Optional<ApiGatewayManagementApiClient> managementApi,
            StateReconciler containers,
            AppNames names,
            String dataBucket,
            Clock clock) {
        this.dynamo = dynamo;
        this.s3 = s3;
        this.managementApi = managementApi;
        this.containers = containers;
        this.names = names;
        this.dataBucket = dataBucket;
        this.clock = clock;
    }

    /** Deletes everything kept about {@code userId} (a Cognito sub), in the order of the class comment. */
    public Deleted delete(String userId) {
        revoke(userId);
        int links = unlinkTelegram(userId);
        int connections = closeConnections(userId);
        List<ResetRow> reset = containers.reset(new ResetRequest(true, Optional.of(userId), false));
        int stopped = (int) reset.stream()
                .filter(r -> r.applied() && r.action().stopsTask())
                .count();
        int rows = (int) reset.stream()
                .filter(r -> r.applied() && r.action().deletesRow())
                .count();
        int pending = deletePartition(Table.PENDING_MESSAGES, userId);
        int conversations = deletePartition(Table.CONVERSATIONS, userId);
        int settings = deletePartition(Table.SETTINGS, userId);
        int files = deleteWorkspace(userId);
        return new Deleted(connections, stopped, rows, pending, conversations, settings, links, files);
    }

    private void revoke(String userId) {
        long now = clock.instant().getEpochSecond();
        dynamo.putItem(b -> b.tableName(names.table(Table.CONNECTIONS))
                .item(Map.of(
                        Constants.PK, AttributeValue.fromS(Constants.REVOKED_PREFIX + userId),
                        RowSchema.Connections.REVOKED_AT,
                                AttributeValue.fromS(clock.instant().toString()),
                        Constants.TTL,
                                AttributeValue.fromN(Long.toString(now + Constants.REVOCATION_TTL.toSeconds())))));
    }

    /** The reverse link of a linked Telegram account and the owner row of a pending link code. */
    private int unlinkTelegram(String userId) {
        String settings = names.table(Table.SETTINGS);
        int removed = 0;
        String telegramId =
                valueField(setting(userId, Constants.LINKED_TELEGRAM_SETTING), RowSchema.Settings.TELEGRAM_USER_ID);
        if (telegramId != null) {
            String reverse = Protocol.TELEGRAM_CONNECTION_PREFIX + telegramId;
            Map<String, AttributeValue> link = setting(reverse, Constants.LINKED_COGNITO_SETTING);
            if (userId.equals(valueField(link, RowSchema.Settings.COGNITO_USER_ID))) {
                dynamo.deleteItem(
                        b -> b.tableName(settings).key(settingKey(reverse, Constants.LINKED_COGNITO_SETTING)));
            }
            removed++;
        }
        String code = valueField(setting(userId, Constants.OTP_SETTING), RowSchema.Settings.OTP_CODE);
        if (code != null) {
            dynamo.deleteItem(b -> b.tableName(settings)
                    .key(settingKey(Constants.OTP_OWNER_PREFIX + code, Constants.OTP_OWNER_SETTING)));
        }
        return removed;
    }

    private Map<String, AttributeValue> setting(String userId, String name) {
        return dynamo.getItem(b -> b.tableName(names.table(Table.SETTINGS))
                        .key(settingKey(userId, name))
                        .consistentRead(true))
                .item();
    }

    private static Map<String, AttributeValue> settingKey(String userId, String name) {
        return Map.of(
                Constants.PK,
                AttributeValue.fromS(Constants.USER_PREFIX + userId),
                Constants.SK,
                AttributeValue.fromS(name));
    }

    private static String valueField(Map<String, AttributeValue> item, String field) {
        AttributeValue value = item == null ? null : item.get(RowSchema.Settings.VALUE);
        AttributeValue inner = value == null || !value.hasM() ? null : value.m().get(field);
        return inner == null ? null : inner.s();
    }

    /** The user's connections from the by-user index: each closed at API Gateway, then its row deleted. */
    private int closeConnections(String userId) {
        String table = names.table(Table.CONNECTIONS);
        List<String> ids = new ArrayList<>();
        query(
                QueryRequest.builder()
                        .tableName(table)
                        .indexName(Constants.CONNECTIONS_BY_USER_INDEX)
                        .keyConditionExpression("#u = :u")
                        .expressionAttributeNames(Map.of("#u", RowSchema.Connections.USER_ID))
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                        .build(),
                item -> ids.add(item.get(Constants.PK).s()));
        for (String pk : ids) {
            String connectionId = pk.substring(Constants.CONNECTION_PREFIX.length());
            managementApi.ifPresent(api -> {
                try {
                    api.deleteConnection(b -> b.connectionId(connectionId));
                } catch (GoneException e) {
                    // the browser already left
                }
            });
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(Constants.PK, AttributeValue.fromS(pk))));
        }
        return ids.size();
    }

    /** Every item under {@code USER#<userId>} in a table with a sort key; returns how many. */
    private int deletePartition(Table table, String userId) {
        String name = names.table(table);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        query(
                QueryRequest.builder()
                        .tableName(name)
                        .consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .projectionExpression("#pk, #sk")
                        .expressionAttributeNames(Map.of("#pk", Constants.PK, "#sk", Constants.SK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Constants.USER_PREFIX + userId)))
                        .build(),
                item -> keys.add(new HashMap<>(item)));
        for (int from = 0; from < keys.size(); from += WRITE_BATCH) {
            List<WriteRequest> batch = keys.subList(from, Math.min(keys.size(), from + WRITE_BATCH)).stream()
                    .map(k ->
                            WriteRequest.builder().deleteRequest(d -> d.key(k)).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(name, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                var unprocessed =
                        dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                pending = unprocessed == null
                        ? Map.of()
                        : unprocessed.entrySet().stream()
                                .filter(e -> !e.getValue().isEmpty())
                                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            }
        }
        return keys.size();
    }

    private void query(QueryRequest first, Consumer<Map<String, AttributeValue>> each) {
        QueryRequest request = first;
        while (true) {
            QueryResponse page = dynamo.query(request);
            page.items().forEach(each);
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return;
            }
            request = request.toBuilder()
                    .exclusiveStartKey(page.lastEvaluatedKey())
                    .build();
        }
    }

    /** The workspace backup {@code workspaces/<userId>/} in the data bucket; returns how many files. */
    private int deleteWorkspace(String userId) {
        String prefix = Constants.WORKSPACE_PREFIX + userId + "/";
        int count = 0;
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (var object : s3.listObjectsV2Paginator(b -> b.bucket(dataBucket).prefix(prefix))
                .contents()) {
            batch.add(ObjectIdentifier.builder().key(object.key()).build());
            if (batch.size() == S3_BATCH) {
                count += deleteObjects(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            count += deleteObjects(batch);
        }
        return count;
    }

    private int deleteObjects(List<ObjectIdentifier> objects) {
        List<ObjectIdentifier> copy = List.copyOf(objects);
        s3.deleteObjects(b -> b.bucket(dataBucket).delete(d -> d.objects(copy).quiet(true)));
        return copy.size();
    }
}
