package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.common.RowSchema.TaskState.LAST_ACTIVITY;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.PREWARM_UNTIL;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.PUBLIC_IP;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.STARTED_AT;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.START_TOKEN;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.STATUS;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.TASK_ARN;
import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;
import static io.github.serverlessopenclaw.lambdas.Items.s;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.common.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The TaskState table. Every transition the Lambdas make is a conditional write against the row they
 * read, so concurrent handlers (and the container's own writes) never overwrite each other blindly.
 */
final class TaskStates {
    private static final Map<String, String> NAMES = Map.of("#s", STATUS);
    /** Rows per Scan page: bounded memory and read units per call; the scan follows every page. */
    static final int SCAN_PAGE_SIZE = 100;

    private final Services services;
    private final String table;

    TaskStates(Services services) {
        this.services = services;
        this.table = services.env().table(Table.TASK_STATE);
    }

    private static String pk(String userId) {
        return Constants.USER_PREFIX + userId;
    }

    /** The user's task, or null when there is none (no row, or {@code Idle}). Strongly consistent. */
    TaskState get(String userId) {
        var item = services.dynamo()
                .getItem(b -> b.tableName(table).key(key(pk(userId))).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        TaskState state = TaskState.from(item);
        return state.status() == TaskStatus.Idle ? null : state;
    }

    /**
     * Writes a {@code Starting} row owned by {@code token}, only if the row is still what the caller saw:
     * absent or Idle when {@code previous} is null, else the same status and start time. Exactly one of
     * any number of concurrent callers wins.
     */
    boolean claimStart(String userId, TaskState previous, String token, Instant now, Long prewarmUntil) {
        return claimStart(userId, previous, token, now, prewarmUntil, false);
    }

    /** @param replacingAfter401 the row replaces a container that refused its own token (kept by the bridge's updates) */
    boolean claimStart(
            String userId,
            TaskState previous,
            String token,
            Instant now,
            Long prewarmUntil,
            boolean replacingAfter401) {
        Map<String, AttributeValue> item = key(pk(userId));
        if (replacingAfter401) {
            item.put(Constants.TASK_STATE_REPLACED_AFTER_401, AttributeValue.fromBool(true));
        }
        item.put(STATUS, s(TaskStatus.Starting.name()));
        item.put(STARTED_AT, s(now.toString()));
        item.put(LAST_ACTIVITY, s(now.toString()));
        item.put(START_TOKEN, s(token));
        if (prewarmUntil != null) {
            item.put(PREWARM_UNTIL, n(prewarmUntil));
        }
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (previous == null) {
            condition = "attribute_not_exists(PK) OR #s = :idle";
            values.put(":idle", s(TaskStatus.Idle.name()));
        } else {
            condition = sameRowCondition(previous, values);
        }
        try {
            services.dynamo()
                    .putItem(b -> b.tableName(table)
                            .item(item)
                            .conditionExpression(condition)
                            .expressionAttributeNames(NAMES)
                            .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Condition "the row is still the one read": same status, start time and task. */
    private static String sameRowCondition(TaskState previous, Map<String, AttributeValue> values) {
        List<String> parts = new ArrayList<>();
        if (previous.rawStatus() == null) {
            parts.add("attribute_not_exists(#s)");
        } else {
            parts.add("#s = :oldStatus");
            values.put(":oldStatus", s(previous.rawStatus()));
        }
        if (previous.rawStartedAt() == null) {
            parts.add("attribute_not_exists(" + STARTED_AT + ")");
        } else {
            parts.add(STARTED_AT + " = :oldStartedAt");
            values.put(":oldStartedAt", s(previous.rawStartedAt()));
        }
        if (previous.taskArn() == null) {
            parts.add("attribute_not_exists(" + TASK_ARN + ")");
        } else {
            parts.add(TASK_ARN + " = :oldArn");
            values.put(":oldArn", s(previous.taskArn()));
        }
        return "attribute_exists(PK) AND " + String.join(" AND ", parts);
    }

    /** Records the task started under {@code token}; false when the claim was replaced meanwhile. */
    boolean setTaskArn(String userId, String token, String taskArn) {
        try {
            services.dynamo()
                    .updateItem(b -> b.tableName(table)
                            .key(key(pk(userId)))
                            .updateExpression("SET " + TASK_ARN + " = :arn")
                            .conditionExpression(START_TOKEN + " = :token AND attribute_not_exists(" + TASK_ARN + ")")
                            .expressionAttributeValues(Map.of(":arn", s(taskArn), ":token", s(token))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives up a claim whose task could not be started, so the next message tries again. */
    void release(String userId, String token) {
        try {
            services.dynamo()
                    .deleteItem(b -> b.tableName(table)
                            .key(key(pk(userId)))
                            .conditionExpression(START_TOKEN + " = :token")
                            .expressionAttributeValues(Map.of(":token", s(token))));
        } catch (ConditionalCheckFailedException e) {
            // someone else owns the row now
        }
    }

    /** Marks activity on the user's task so the watchdog keeps a busy container; no-op if the task changed. */
    void touch(String userId, String taskArn, Instant now) {
        try {
            services.dynamo()
                    .updateItem(b -> b.tableName(table)
                            .key(key(pk(userId)))
                            .updateExpression("SET " + LAST_ACTIVITY + " = :now")
                            .conditionExpression(TASK_ARN + " = :arn")
                            .expressionAttributeValues(Map.of(":now", s(now.toString()), ":arn", s(taskArn))));
        } catch (ConditionalCheckFailedException e) {
            // the row moved on (stopped or replaced): nothing to keep alive
        }
    }

    /**
     * Hands a ready prewarmed container to {@code userId} in one transaction: the prewarm row goes only if
     * it still names that task, the user's row is created only if the user has no task.
     */
    boolean claimPrewarm(TaskState prewarm, String userId, Instant now) {
        Map<String, AttributeValue> userItem = key(pk(userId));
        userItem.put(STATUS, s(TaskStatus.Running.name()));
        userItem.put(TASK_ARN, s(prewarm.taskArn()));
        userItem.put(PUBLIC_IP, s(prewarm.publicIp()));
        userItem.put(Constants.TASK_STATE_CERT_SHA256, s(prewarm.certSha256()));
        userItem.put(Constants.TASK_STATE_BRIDGE_TOKEN, s(prewarm.bridgeToken()));
        userItem.put(STARTED_AT, s(prewarm.rawStartedAt() == null ? now.toString() : prewarm.rawStartedAt()));
        userItem.put(LAST_ACTIVITY, s(now.toString()));
        if (prewarm.prewarmUntil() != null) {
            userItem.put(PREWARM_UNTIL, n(prewarm.prewarmUntil())); // the window holds for the claimed container too
        }
        try {
            services.dynamo()
                    .transactWriteItems(t -> t.transactItems(
                            i -> i.delete(d -> d.tableName(table)
                                    .key(key(pk(Constants.PREWARM_USER_ID)))
                                    .conditionExpression(TASK_ARN + " = :arn AND #s = :running")
                                    .expressionAttributeNames(NAMES)
                                    .expressionAttributeValues(Map.of(
                                            ":arn", s(prewarm.taskArn()), ":running", s(TaskStatus.Running.name())))),
                            i -> i.put(p -> p.tableName(table)
                                    .item(userItem)
                                    .conditionExpression("attribute_not_exists(PK) OR #s = :idle")
                                    .expressionAttributeNames(NAMES)
                                    .expressionAttributeValues(Map.of(":idle", s(TaskStatus.Idle.name()))))));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /** Deletes the row only if it is still the one read; false when it changed meanwhile. */
    boolean deleteIfUnchanged(TaskState previous) {
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = sameRowCondition(previous, values);
        try {
            services.dynamo()
                    .deleteItem(b -> b.tableName(table)
                            .key(key(pk(previous.userId())))
                            .conditionExpression(condition)
                            .expressionAttributeNames(NAMES)
                            .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Every Running or Starting row, all pages. */
    List<TaskState> scanActive() {
        List<TaskState> states = new ArrayList<>();
        var pages = services.dynamo()
                .scanPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .limit(SCAN_PAGE_SIZE)
                        .filterExpression("#s IN (:running, :starting)")
                        .expressionAttributeNames(NAMES)
                        .expressionAttributeValues(Map.of(
                                ":running", s(TaskStatus.Running.name()), ":starting", s(TaskStatus.Starting.name()))));
        pages.items().forEach(item -> states.add(TaskState.from(item)));
        return states;
    }

    /** Keeps an existing task warm until {@code untilMs}; never creates a row. */
    boolean extendPrewarm(String userId, long untilMs, Instant now) {
        try {
            services.dynamo()
                    .updateItem(b -> b.tableName(table)
                            .key(key(pk(userId)))
                            .updateExpression("SET " + LAST_ACTIVITY + " = :now, " + PREWARM_UNTIL + " = :until")
                            .conditionExpression("attribute_exists(PK)")
                            .expressionAttributeValues(Map.of(":now", s(now.toString()), ":until", n(untilMs))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
