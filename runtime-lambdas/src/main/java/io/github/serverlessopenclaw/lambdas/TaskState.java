package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.common.RowSchema.TaskState.LAST_ACTIVITY;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.PREWARM_UNTIL;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.PUBLIC_IP;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.STARTED_AT;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.STATUS;
import static io.github.serverlessopenclaw.common.RowSchema.TaskState.TASK_ARN;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.TaskStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One TaskState row as read. Times that do not parse are null (never compared).
 *
 * @param certSha256       the fingerprint of the bridge's certificate, which the Lambdas pin (written by the bridge)
 * @param bridgeToken      the bridge's own bearer token (written by the bridge)
 * @param replacedAfter401 this row's task replaced one that answered 401: it is not replaced for a 401 again
 */
record TaskState(
        String userId,
        TaskStatus status,
        String taskArn,
        String publicIp,
        Instant startedAt,
        Instant lastActivity,
        Long prewarmUntil,
        String rawStatus,
        String rawStartedAt,
        String certSha256,
        String bridgeToken,
        boolean replacedAfter401) {

    static TaskState from(Map<String, AttributeValue> item) {
        String pk = Items.string(item, Constants.PK);
        String rawStatus = Items.string(item, STATUS);
        String rawStartedAt = Items.string(item, STARTED_AT);
        return new TaskState(
                pk == null ? null : pk.substring(Constants.USER_PREFIX.length()),
                status(rawStatus),
                blankToNull(Items.string(item, TASK_ARN)),
                blankToNull(Items.string(item, PUBLIC_IP)),
                instant(rawStartedAt),
                instant(Items.string(item, LAST_ACTIVITY)),
                Items.number(item, PREWARM_UNTIL),
                rawStatus,
                rawStartedAt,
                blankToNull(Items.string(item, Constants.TASK_STATE_CERT_SHA256)),
                blankToNull(Items.string(item, Constants.TASK_STATE_BRIDGE_TOKEN)),
                item.containsKey(Constants.TASK_STATE_REPLACED_AFTER_401));
    }

    boolean reachable() {
        return status == TaskStatus.Running && publicIp != null;
    }

    /**
     * The bridge published what the Lambdas need to call it safely: a certificate fingerprint to pin and its token.
     * A reachable row without them (a bridge of an older version) is never called: the token would have no pin.
     */
    boolean pinned() {
        return certSha256 != null && certSha256.matches("[0-9a-f]{64}") && bridgeToken != null && taskArn != null;
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
