package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Abuse limits kept as small rows of the Settings table ({@code SK=LIMIT#…}, each with a {@code ttl} so they
 * clean themselves up). Every check is one or two single-item writes, so a spammer costs a read and a write
 * at most. DynamoDB deletes expired rows lazily (up to days later), so every condition also compares the
 * stored time itself instead of trusting that an expired row is gone.
 */
final class Limits {
    static final Duration MESSAGE_WINDOW = Duration.ofMinutes(1);
    static final Duration STRANGER_NOTICE_INTERVAL = Duration.ofHours(1);
    static final Duration LINK_WINDOW = Duration.ofMinutes(15);
    static final int LINK_TRIES = 5;

    static final String MESSAGES = Constants.LIMIT_PREFIX + "messages#";
    static final String STRANGER_NOTICE = Constants.LIMIT_PREFIX + "stranger-notice";
    static final String LINK_TRIES_KEY = Constants.LIMIT_PREFIX + "link-tries";

    /** The outcome of one counted event: allowed, or refused (and whether this is the first refusal to tell about). */
    record Verdict(boolean allowed, boolean firstRefusal) {}

    private final Services services;
    private final String settings;

    Limits(Services services) {
        this.services = services;
        this.settings = services.env().table(Table.SETTINGS);
    }

    int messagesPerMinute() {
        return services.env().intOr(Env.MESSAGES_PER_MINUTE, Constants.DEFAULT_MESSAGES_PER_MINUTE);
    }

    /**
     * Counts one message of {@code userId} in the current calendar minute (one atomic ADD). Refused past the
     * limit; the counter keeps counting, so exactly one refusal per minute is the "first".
     */
    Verdict message(String userId) {
        Instant now = services.clock().instant();
        long minute = now.getEpochSecond() / MESSAGE_WINDOW.toSeconds();
        long ttl = (minute + 2) * MESSAGE_WINDOW.toSeconds();
        var updated = services.dynamo()
                .updateItem(b -> b.tableName(settings)
                        .key(key(pk(userId), MESSAGES + minute))
                        .updateExpression("ADD #n :one SET #ttl = :ttl")
                        .expressionAttributeNames(Map.of("#n", "count", "#ttl", Constants.TTL))
                        .expressionAttributeValues(Map.of(":one", n(1), ":ttl", n(ttl)))
                        .returnValues(ReturnValue.UPDATED_NEW))
                .attributes();
        long count = Long.parseLong(updated.get("count").n());
        int max = messagesPerMinute();
        return new Verdict(count <= max, count == max + 1);
    }

    /**
     * True at most once per {@link #STRANGER_NOTICE_INTERVAL} per Telegram id: a conditional put of a marker
     * that only succeeds when there is none or it has expired.
     */
    boolean strangerNoticeDue(String telegramId) {
        long now = services.clock().instant().getEpochSecond();
        var item = key(pk(Protocol.TELEGRAM_CONNECTION_PREFIX + telegramId), STRANGER_NOTICE);
        item.put(Constants.TTL, n(now + STRANGER_NOTICE_INTERVAL.toSeconds()));
        try {
            services.dynamo()
                    .putItem(b -> b.tableName(settings)
                            .item(item)
                            .conditionExpression("attribute_not_exists(PK) OR #ttl <= :now")
                            .expressionAttributeNames(Map.of("#ttl", Constants.TTL))
                            .expressionAttributeValues(Map.of(":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * One {@code /link} try of a Telegram id: allowed while fewer than {@link #LINK_TRIES} tries fall in the
     * last {@link #LINK_WINDOW} (a sliding window: the row keeps the times of the recent tries). The write is
     * conditional on the version read, so concurrent tries cannot both take the last slot; a lost race counts
     * as refused.
     */
    Verdict linkTry(String telegramId) {
        Instant now = services.clock().instant();
        long cutoff = now.minus(LINK_WINDOW).getEpochSecond();
        Map<String, AttributeValue> rowKey = key(pk(Protocol.TELEGRAM_CONNECTION_PREFIX + telegramId), LINK_TRIES_KEY);
        var row = services.dynamo()
                .getItem(b -> b.tableName(settings).key(rowKey).consistentRead(true))
                .item();
        List<AttributeValue> recent = new ArrayList<>();
        Long version = null;
        boolean notified = false;
        if (row != null && !row.isEmpty()) {
            version = Items.number(row, "tries_version");
            notified = row.containsKey("notified");
            AttributeValue tries = row.get("tries");
            if (tries != null && tries.hasL()) {
                tries.l().stream().filter(t -> Long.parseLong(t.n()) > cutoff).forEach(recent::add);
            }
        }
        // "still the row read": absent, or the same version (no attribute names needed for either form)
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (version == null) {
            condition = "attribute_not_exists(PK)";
        } else {
            condition = "attribute_exists(PK) AND tries_version = :version";
            values.put(":version", n(version));
        }
        if (recent.size() >= LINK_TRIES) {
            if (notified) {
                return new Verdict(false, false);
            }
            try {
                services.dynamo()
                        .updateItem(b -> b.tableName(settings)
                                .key(rowKey)
                                .updateExpression("SET notified = :true")
                                .conditionExpression(condition)
                                .expressionAttributeValues(withTrue(values)));
                return new Verdict(false, true);
            } catch (ConditionalCheckFailedException e) {
                return new Verdict(false, false);
            }
        }
        recent.add(n(now.getEpochSecond()));
        Map<String, AttributeValue> item = new HashMap<>(rowKey);
        item.put("tries", AttributeValue.fromL(recent));
        item.put("tries_version", n(version == null ? 1 : version + 1));
        item.put(Constants.TTL, n(now.plus(LINK_WINDOW).getEpochSecond()));
        try {
            services.dynamo()
                    .putItem(b -> b.tableName(settings)
                            .item(item)
                            .conditionExpression(condition)
                            .expressionAttributeValues(values.isEmpty() ? null : values));
            return new Verdict(true, false);
        } catch (ConditionalCheckFailedException e) {
            return new Verdict(false, false);
        }
    }

    private static Map<String, AttributeValue> withTrue(Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":true", AttributeValue.fromBool(true));
        return all;
    }

    private static String pk(String userId) {
        return Constants.USER_PREFIX + userId;
    }
}
