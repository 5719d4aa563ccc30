package io.github.serverlessopenclaw.plugin.state;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.RowSchema;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Reads and deletes TaskState rows; every read pages through the whole table. */
public final class TaskStateTable {
    static final int DEFAULT_PAGE_SIZE = 100;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final int pageSize;

    public TaskStateTable(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, DEFAULT_PAGE_SIZE);
    }

    TaskStateTable(DynamoDbClient dynamo, String tableName, int pageSize) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.pageSize = pageSize;
    }

    public String tableName() {
        return tableName;
    }

    /** Every row (consistent reads, so a row written a moment ago is seen). */
    public List<TaskStateRow> scan() {
        List<TaskStateRow> rows = new ArrayList<>();
        try {
            scanAll(
                    dynamo,
                    ScanRequest.builder()
                            .tableName(tableName)
                            .consistentRead(true)
                            .limit(pageSize)
                            .build(),
                    page -> page.items().forEach(item -> rows.add(TaskStateRow.from(item))));
        } catch (ResourceNotFoundException e) {
            throw new ConfigurationException("The table " + tableName + " does not exist: run "
                    + Goals.command(Goals.DEPLOY) + " first" + " (with the same appName and region)");
        }
        return rows;
    }

    /** One user's row, if any. */
    public Optional<TaskStateRow> get(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName)
                        .consistentRead(true)
                        .key(Map.of(Constants.PK, AttributeValue.fromS(TaskStateRow.partitionKey(userId)))))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(TaskStateRow.from(item));
    }

    /**
     * Deletes the row only if it still names the same task: a Lambda that started a new task for this
     * user between our read and this delete keeps its row. Returns false when the row changed meanwhile.
     */
    public boolean deleteIfUnchanged(TaskStateRow row) {
        try {
            dynamo.deleteItem(b -> {
                b.tableName(tableName).key(Map.of(Constants.PK, AttributeValue.fromS(row.partitionKey())));
                if (row.taskArn().isPresent()) {
                    b.conditionExpression("#arn = :arn")
                            .expressionAttributeNames(Map.of("#arn", RowSchema.TaskState.TASK_ARN))
                            .expressionAttributeValues(Map.of(
                                    ":arn", AttributeValue.fromS(row.taskArn().get())));
                } else {
                    b.conditionExpression("attribute_not_exists(#arn)")
                            .expressionAttributeNames(Map.of("#arn", RowSchema.TaskState.TASK_ARN));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Number of items in any table (paginated COUNT scan, no item data transferred). */
    public static long count(DynamoDbClient dynamo, String tableName) {
        long[] total = {0};
        scanAll(
                dynamo,
                ScanRequest.builder().tableName(tableName).select(Select.COUNT).build(),
                page -> total[0] += page.count());
        return total[0];
    }

    private static void scanAll(DynamoDbClient dynamo, ScanRequest first, Consumer<ScanResponse> each) {
        ScanRequest request = first;
        while (true) {
            ScanResponse page = dynamo.scan(request);
            each.accept(page);
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return;
            }
            request = request.toBuilder()
                    .exclusiveStartKey(page.lastEvaluatedKey())
                    .build();
        }
    }
}
