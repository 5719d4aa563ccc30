package io.github.serverlessopenclaw.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A second {@code openclaw:run}'s resume on moto: the kept tables and the data bucket saved by one run and written
 * into a fresh deployment (other table names and bucket, as a new moto gives), the user's old Cognito sub replaced
 * by the new one in keys, nested values and workspace object keys; other users' rows and objects untouched.
 */
class LocalStateMotoTest {
    private final Moto moto = Moto.get();

    @Test
    void aSavedRunIsRestoredUnderTheNewSub(@TempDir Path dir) throws Exception {
        String oldSub = UUID.randomUUID().toString();
        String newSub = UUID.randomUUID().toString();
        AppNames first = new AppNames("st" + UUID.randomUUID().toString().substring(0, 8));
        AppNames second = new AppNames("st" + UUID.randomUUID().toString().substring(0, 8));
        try (DynamoDbClient dynamo = moto.configure(DynamoDbClient.builder()).build();
                S3Client s3 = moto.configure(S3Client.builder()).build()) {
            String firstBucket = deployment(dynamo, s3, first);
            String secondBucket = deployment(dynamo, s3, second);
            dynamo.putItem(b -> b.tableName(first.table(Table.CONVERSATIONS))
                    .item(Map.of(
                            "pk",
                            AttributeValue.fromS(oldSub),
                            "sk",
                            AttributeValue.fromS("conv#1"),
                            "messages",
                            AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                                    "text",
                                    AttributeValue.fromS("hello"),
                                    "owner",
                                    AttributeValue.fromS("user:" + oldSub))))),
                            "count",
                            AttributeValue.fromN("2"))));
            dynamo.putItem(b -> b.tableName(first.table(Table.PENDING_MESSAGES))
                    .item(Map.of("pk", AttributeValue.fromS("telegram:777"), "sk", AttributeValue.fromS("m#1"))));
            s3.putObject(
                    b -> b.bucket(firstBucket).key("workspaces/" + oldSub + "/AGENTS.md"),
                    RequestBody.fromString("mine"));
            s3.putObject(
                    b -> b.bucket(firstBucket).key("workspaces/telegram:777/MEMORY.md"),
                    RequestBody.fromString("theirs"));

            LocalState state = new LocalState(dir.resolve("state"));
            assertThat(state.exists()).isFalse();
            assertThat(state.save(dynamo, s3, first, firstBucket, Map.of("ada@example.com", oldSub)))
                    .isEqualTo("2 items, 2 workspace objects");
            assertThat(state.exists()).isTrue();

            assertThat(state.restore(dynamo, s3, second, secondBucket, Map.of("ada@example.com", newSub)))
                    .isEqualTo("2 items, 2 workspace objects");
            var conversation = dynamo.getItem(b -> b.tableName(second.table(Table.CONVERSATIONS))
                            .key(Map.of("pk", AttributeValue.fromS(newSub), "sk", AttributeValue.fromS("conv#1"))))
                    .item();
            assertThat(conversation).as("the row under the new sub").isNotEmpty();
            assertThat(conversation.get("messages").l().get(0).m().get("owner").s())
                    .isEqualTo("user:" + newSub);
            assertThat(conversation.get("count").n()).isEqualTo("2");
            assertThat(dynamo.getItem(b -> b.tableName(second.table(Table.PENDING_MESSAGES))
                                    .key(Map.of(
                                            "pk",
                                            AttributeValue.fromS("telegram:777"),
                                            "sk",
                                            AttributeValue.fromS("m#1"))))
                            .item())
                    .isNotEmpty();
            assertThat(s3.listObjectsV2(b -> b.bucket(secondBucket)).contents())
                    .extracting(S3Object::key)
                    .containsExactlyInAnyOrder(
                            "workspaces/" + newSub + "/AGENTS.md", "workspaces/telegram:777/MEMORY.md");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(secondBucket).key("workspaces/" + newSub + "/AGENTS.md"))
                            .asUtf8String())
                    .isEqualTo("mine");
        }
    }

    /** The three kept tables and a bucket, as a deployment has them (the key names are this test's). */
    private static String deployment(DynamoDbClient dynamo, S3Client s3, AppNames names) {
        for (Table table : LocalState.KEPT) {
            dynamo.createTable(b -> b.tableName(names.table(table))
                    .billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(
                            a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(
                            k -> k.attributeName("pk").keyType(KeyType.HASH),
                            k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        }
        String bucket = names.appName().toLowerCase() + "-data";
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }
}
