package io.github.serverlessopenclaw.plugin.state;

import static io.github.serverlessopenclaw.common.RowSchema.TaskState.STARTED_AT;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.STATUS;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.TASK_ARN;

import io.github.serverlessopenclaw.common.Constants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One TaskState item as the Lambdas and the bridge write it: {@code PK = USER#<userId>}, the task's ARN,
 * the status string and when the task started. Unknown statuses are kept as they are, never guessed.
 */
public record TaskStateRow(String userId, String status, Optional<String> taskArn, Optional<Instant> startedAt) {

    static TaskStateRow from(Map<String, AttributeValue> item) {
        String pk = text(item, Constants.PK).orElse("");
        String userId = pk.startsWith(Constants.USER_PREFIX) ? pk.substring(Constants.USER_PREFIX.length()) : pk;
        return new TaskStateRow(
                userId,
                text(item, STATUS).orElse("?"),
                text(item, TASK_ARN).filter(s -> !s.isBlank()),
                text(item, STARTED_AT).flatMap(TaskStateRow::instant));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? Optional.empty() : Optional.ofNullable(value.s());
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return Optional.of(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public String partitionKey() {
        return partitionKey(userId);
    }

    public static String partitionKey(String userId) {
        return Constants.USER_PREFIX + userId;
    }
}
