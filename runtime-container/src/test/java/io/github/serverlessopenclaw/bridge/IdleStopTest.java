package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The bridge's own idle stop agrees with the watchdog: never before the longest idle timeout the watchdog applies
 * ({@code IDLE_TIMEOUT_MINUTES}, or 30 minutes for users active at this hour), never inside the prewarm window of
 * its TaskState row (read from DynamoDB on moto).
 */
@ExtendWith(MotoExtension.class)
class IdleStopTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private void at(Duration sinceT0) {
        now.set(T0.plus(sinceT0));
    }

    @Test
    void withTheDefaultTimeoutItWaitsAsLongAsTheWatchdogDoesForAnActiveUser() {
        IdleStop idle = new IdleStop(Duration.ofMinutes(15), () -> null, clock);
        at(Duration.ofMinutes(16));
        assertThat(idle.due(T0))
                .as("the watchdog keeps users active at this hour for 30 minutes")
                .isFalse();
        at(Constants.ACTIVE_USER_IDLE_TIMEOUT.plusSeconds(1));
        assertThat(idle.due(T0)).isTrue();
    }

    @Test
    void aLongerConfiguredTimeoutIsHonoured() {
        IdleStop idle = new IdleStop(Duration.ofMinutes(60), () -> null, clock);
        at(Duration.ofMinutes(45));
        assertThat(idle.due(T0)).isFalse();
        at(Duration.ofMinutes(61));
        assertThat(idle.due(T0)).isTrue();
    }

    @Test
    void itKeepsRunningUntilThePrewarmWindowEndsAndReadsTheRowOncePerWindow() {
        AtomicInteger reads = new AtomicInteger();
        long windowEnd = T0.plus(Duration.ofMinutes(90)).toEpochMilli();
        IdleStop idle = new IdleStop(
                Duration.ofMinutes(15),
                () -> {
                    reads.incrementAndGet();
                    return windowEnd;
                },
                clock);
        for (int minute = 31; minute < 90; minute++) {
            at(Duration.ofMinutes(minute));
            assertThat(idle.due(T0)).as("minute " + minute).isFalse();
        }
        assertThat(reads).hasValue(1);
        at(Duration.ofMinutes(91));
        assertThat(idle.due(T0)).isTrue();
    }

    @Test
    void anUnreadableRowNeverStopsIt() {
        IdleStop idle = new IdleStop(
                Duration.ofMinutes(15),
                () -> {
                    throw new IllegalStateException("DynamoDB unreachable");
                },
                clock);
        at(Duration.ofHours(2));
        assertThat(idle.due(T0)).isFalse();
    }

    @Test
    void theWindowIsReadFromThisTasksRowOnly(Moto moto) {
        DynamoDbClient dynamo = moto.client(DynamoDbClient.builder());
        String table = "idle-" + UUID.randomUUID();
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("PK")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("PK")
                        .keyType(KeyType.HASH)
                        .build()));
        String mine = "arn:aws:ecs:us-east-1:123456789012:task/c/mine";
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "PK",
                        AttributeValue.fromS("USER#alice"),
                        "taskArn",
                        AttributeValue.fromS(mine),
                        "status",
                        AttributeValue.fromS("Running"),
                        "prewarmUntil",
                        AttributeValue.fromN("1767610800000"))));
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "PK",
                        AttributeValue.fromS("USER#bob"),
                        "taskArn",
                        AttributeValue.fromS("arn:aws:ecs:us-east-1:123456789012:task/c/other"),
                        "prewarmUntil",
                        AttributeValue.fromN("1767610800000"))));
        TaskStateStore store = new TaskStateStore(dynamo, table, mine, clock);

        assertThat(store.prewarmUntil("alice")).isEqualTo(1767610800000L);
        assertThat(store.prewarmUntil("bob")).as("a row another task took over").isNull();
        assertThat(store.prewarmUntil("carol")).isNull();
    }
}
