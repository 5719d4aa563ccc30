package io.github.serverlessopenclaw.bridge;

import static io.github.serverlessopenclaw.common.RowSchema.TaskState.LAST_ACTIVITY;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.PREWARM_UNTIL;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.PUBLIC_IP;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.STATUS;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.TASK_ARN;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * This task's rows in TaskState ({@code PK=USER#<userId>}). Every write is conditional on {@code taskArn}
 * being this task's ARN (the Lambda sets it after RunTask, and moves it when it claims a prewarmed task), so
 * a container never overwrites the row of a task that replaced it. Updates, not puts: fields the Lambdas
 * own ({@code startedAt}, {@code prewarmUntil}, the start token) are kept.
 */
final class TaskStateStore {
    /** {@code lastActivity} is written at most this often per user (the watchdog works in minutes). */
    static final Duration ACTIVITY_WRITE_INTERVAL = Duration.ofSeconds(60);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String taskArn;
    private final Clock clock;
    private final Map<String, Instant> lastActivityWrite = new ConcurrentHashMap<>();

    TaskStateStore(DynamoDbClient dynamo, String table, String taskArn, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.taskArn = taskArn;
        this.clock = clock;
    }

    /**
     * Marks the task reachable and publishes how the Lambdas reach it: the certificate fingerprint they pin and
     * the token they send. False when the row belongs to another task (or is gone): then nothing is written.
     */
    boolean markRunning(String userId, String ip, String certSha256, String token) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", AttributeValue.fromS(TaskStatus.Running.name()));
        values.put(":now", AttributeValue.fromS(clock.instant().toString()));
        values.put(":cert", AttributeValue.fromS(certSha256));
        values.put(":token", AttributeValue.fromS(token));
        String update = "SET #s = :status, " + LAST_ACTIVITY + " = :now, " + Constants.TASK_STATE_CERT_SHA256
                + " = :cert, " + Constants.TASK_STATE_BRIDGE_TOKEN + " = :token";
        if (ip != null) {
            values.put(":ip", AttributeValue.fromS(ip));
            update += ", " + PUBLIC_IP + " = :ip";
        }
        return update(userId, update, values);
    }

    /** Records activity for the watchdog, at most once per {@link #ACTIVITY_WRITE_INTERVAL} per user. */
    void touch(String userId) {
        Instant now = clock.instant();
        Instant last = lastActivityWrite.get(userId);
        if (last != null && last.plus(ACTIVITY_WRITE_INTERVAL).isAfter(now)) {
            return;
        }
        lastActivityWrite.put(userId, now);
        update(userId, "SET " + LAST_ACTIVITY + " = :now", Map.of(":now", AttributeValue.fromS(now.toString())));
    }

    /** The {@code prewarmUntil} (epoch ms) of the user's row if it is this task's, else null. */
    Long prewarmUntil(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(key(userId)).consistentRead(true))
                .item();
        if (item == null
                || !item.containsKey(PREWARM_UNTIL)
                || !item.containsKey(TASK_ARN)
                || !taskArn.equals(item.get(TASK_ARN).s())) {
            return null;
        }
        try {
            return Long.parseLong(item.get(PREWARM_UNTIL).n());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True when the user's row names this task: how a prewarmed container knows its claimer (strongly consistent). */
    boolean namesThisTask(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b ->
                        b.tableName(table).key(key(userId)).consistentRead(true).projectionExpression(TASK_ARN))
                .item();
        AttributeValue arn = item == null ? null : item.get(TASK_ARN);
        return arn != null && taskArn.equals(arn.s());
    }

    /** Deletes the row when the task ends: no row means "no task", so the next message starts a new one. */
    boolean release(String userId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(key(userId))
                    .conditionExpression(TASK_ARN + " = :arn")
                    .expressionAttributeValues(Map.of(":arn", AttributeValue.fromS(taskArn))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Releases the rows of every user this task served (best effort: one failure does not stop the others). */
    void releaseAll(java.util.Collection<String> userIds) {
        for (String user : userIds) {
            try {
                release(user);
            } catch (RuntimeException e) {
                Log.warn("could not release the TaskState of " + user, e);
            }
        }
    }

    private boolean update(String userId, String expression, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":arn", AttributeValue.fromS(taskArn));
        Map<String, String> names = expression.contains("#s") ? Map.of("#s", STATUS) : null;
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(userId))
                    .updateExpression(expression)
                    .conditionExpression(TASK_ARN + " = :arn")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException e) {
            Log.warn("TaskState of " + userId + " belongs to another task; not updated");
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String userId) {
        return Map.of(Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + userId));
    }
}
