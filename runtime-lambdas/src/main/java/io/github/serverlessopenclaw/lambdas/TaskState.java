package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.TaskStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One TaskState row as read. Times that do not parse are null (never compared). */
record TaskState(String userId, TaskStatus status, String taskArn, String publicIp, Instant startedAt,
                 Instant lastActivity, Long prewarmUntil, String rawStatus, String rawStartedAt) {

    static TaskState from(Map<String, AttributeValue> item) {
        String pk = Items.string(item, Constants.PK);
        String rawStatus = Items.string(item, "status");
        String rawStartedAt = Items.string(item, "startedAt");
        return new TaskState(pk == null ? null : pk.substring(Constants.USER_PREFIX.length()), status(rawStatus),
                blankToNull(Items.string(item, "taskArn")), blankToNull(Items.string(item, "publicIp")),
                instant(rawStartedAt), instant(Items.string(item, "lastActivity")),
                Items.number(item, "prewarmUntil"), rawStatus, rawStartedAt);
    }

    boolean reachable() {
        return status == TaskStatus.Running && publicIp != null;
    }

    private static TaskStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        for (TaskStatus status : TaskStatus.values()) {
            if (status.name().equalsIgnoreCase(raw)) {
                return status;
            }
        }
        return null;
    }

    private static Instant instant(String raw) {
        try {
            return raw == null ? null : Instant.parse(raw);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
