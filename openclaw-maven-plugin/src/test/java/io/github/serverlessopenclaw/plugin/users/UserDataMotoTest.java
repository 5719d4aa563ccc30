package io.github.serverlessopenclaw.plugin.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.state.ClusterTasks;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import io.github.serverlessopenclaw.plugin.state.TaskStateTable;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * user-delete's data removal against moto, with two users seeded the way the runtimes write their data: the
 * victim loses everything (counted), the bystander, whose id starts with the victim's, keeps everything.
 */
@ExtendWith(MotoExtension.class)
class UserDataMotoTest {
    private static final String VICTIM = "sub-alice";
    private static final String BYSTANDER = "sub-alice-2";
    private static int apps;

    private final Moto moto;
    private SeededDeployment seeded;
    private AppNames names;
    private DynamoDbClient dynamo;
    private S3Client s3;
    private EcsClient ecs;
    private ApiGatewayManagementApiClient api;

    UserDataMotoTest(Moto moto) {
        this.moto = moto;
    }

    @BeforeEach
    void seed() {
        seeded = new SeededDeployment(moto.endpoint(), "users-del-" + ++apps).seedForUsers();
        names = seeded.names();
        dynamo = moto.client(DynamoDbClient.builder());
        s3 = moto.client(S3Client.builder().forcePathStyle(true));
        ecs = moto.client(EcsClient.builder());
        api = moto.client(ApiGatewayManagementApiClient.builder());
    }

    @AfterEach
    void close() {
        SeededDeployment.restoreTaskTransitions(moto.endpoint());
        seeded.close();
        dynamo.close();
        s3.close();
        ecs.close();
        api.close();
    }

    private void put(Table table, Map<String, AttributeValue> item) {
        dynamo.putItem(b -> b.tableName(names.table(table)).item(item));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Object... attributes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Constants.PK, AttributeValue.fromS(pk));
        if (sk != null) {
            item.put(Constants.SK, AttributeValue.fromS(sk));
        }
        for (int i = 0; i < attributes.length; i += 2) {
            Object value = attributes[i + 1];
            item.put(
                    (String) attributes[i],
                    value instanceof Map<?, ?> map
                            ? AttributeValue.fromM(
                                    Map.of((String) map.keySet().iterator().next(), AttributeValue.fromS((String)
                                            map.values().iterator().next())))
                            : AttributeValue.fromS((String) value));
        }
        return item;
    }

    /** Data as the Lambdas and the bridge write it: container, connections, messages, history, links, workspace. */
    private String seedUser(String user, String telegramId, String code) {
        String task = seeded.runTask(user);
        seeded.putRow(user, "Running", task, Instant.now().minusSeconds(60));
        seeded.putPendingMessage(user, 1L);
        for (String connection : List.of(user + "-c1", user + "-c2")) {
            put(
                    Table.CONNECTIONS,
                    item(
                            Constants.CONNECTION_PREFIX + connection,
                            null,
                            "userId",
                            user,
                            Constants.CONNECTED_AT,
                            Instant.now().toString()));
        }
        put(Table.CONVERSATIONS, item(Constants.USER_PREFIX + user, "CONV#default#MSG#1#user", "content", "hi"));
        put(
                Table.CONVERSATIONS,
                item(Constants.USER_PREFIX + user, "CONV#default#MSG#2#assistant", "content", "hello"));
        put(
                Table.SETTINGS,
                item(
                        Constants.USER_PREFIX + user,
                        Constants.LINKED_TELEGRAM_SETTING,
                        "value",
                        Map.of("telegramUserId", telegramId)));
        put(
                Table.SETTINGS,
                item(
                        Constants.USER_PREFIX + "telegram:" + telegramId,
                        Constants.LINKED_COGNITO_SETTING,
                        "value",
                        Map.of("cognitoUserId", user)));
        put(Table.SETTINGS, item(Constants.USER_PREFIX + user, Constants.OTP_SETTING, "value", Map.of("code", code)));
        put(
                Table.SETTINGS,
                item(
                        Constants.USER_PREFIX + Constants.OTP_OWNER_PREFIX + code,
                        Constants.OTP_OWNER_SETTING,
                        "value",
                        Map.of("cognitoUserId", user)));
        for (String file : List.of("MEMORY.md", "notes/today.md")) {
            s3.putObject(
                    b -> b.bucket(seeded.dataBucket()).key(Constants.WORKSPACE_PREFIX + user + "/" + file),
                    RequestBody.fromString("x"));
        }
        return task;
    }

    private List<String> keys(Table table) {
        return dynamo.scan(b -> b.tableName(names.table(table))).items().stream()
                .map(i -> i.get(Constants.PK).s()
                        + (i.containsKey(Constants.SK)
                                ? " " + i.get(Constants.SK).s()
                                : ""))
                .sorted()
                .toList();
    }

    private List<String> workspace() {
        return s3.listObjectsV2(b -> b.bucket(seeded.dataBucket())).contents().stream()
                .map(o -> o.key())
                .sorted()
                .toList();
    }

    @Test
    void deletesAndCountsEverythingOfTheUserAndNothingOfAnyoneElse() {
        String victimTask = seedUser(VICTIM, "111", "123456");
        String bystanderTask = seedUser(BYSTANDER, "222", "654321");
        int marker = moto.recordedRequests().size();
        StateReconciler containers = new StateReconciler(
                new TaskStateTable(dynamo, names.table(Table.TASK_STATE)),
                new ClusterTasks(ecs, names.cluster()),
                names.taskFamily(),
                Clock.systemUTC(),
                Constants.TASK_START_TIMEOUT);

        UserData.Deleted deleted = new UserData(
                        dynamo, s3, Optional.of(api), containers, names, seeded.dataBucket(), Clock.systemUTC())
                .delete(VICTIM);

        assertThat(deleted).isEqualTo(new UserData.Deleted(2, 1, 1, 1, 2, 2, 1, 2));
        assertThat(deleted.describe())
                .isEqualTo(
                        "2 connection(s) closed, 1 container(s) stopped, 1 TaskState row(s),"
                                + " 1 pending message(s), 2 conversation item(s), 2 setting(s), 1 Telegram link(s), 2 workspace file(s) deleted");
        // the sockets were closed at API Gateway, not only forgotten
        assertThat(moto
                        .recordedRequests()
                        .subList(marker, moto.recordedRequests().size())
                        .stream()
                        .filter(r -> r.method().equals("DELETE") && r.url().contains("/@connections/"))
                        .map(r -> r.url().replaceAll(".*/", "")))
                .containsExactlyInAnyOrder(VICTIM + "-c1", VICTIM + "-c2");
        assertThat(seeded.lastStatus(victimTask)).isIn("STOPPED", "DEACTIVATING", "STOPPING");
        assertThat(seeded.lastStatus(bystanderTask)).isEqualTo("RUNNING");

        // the victim's revocation is the only trace left, and it expires
        assertThat(keys(Table.CONNECTIONS))
                .containsExactlyInAnyOrder(
                        "CONN#" + BYSTANDER + "-c1", "CONN#" + BYSTANDER + "-c2", Constants.REVOKED_PREFIX + VICTIM);
        var revocation = dynamo.getItem(b -> b.tableName(names.table(Table.CONNECTIONS))
                        .key(Map.of(Constants.PK, AttributeValue.fromS(Constants.REVOKED_PREFIX + VICTIM))))
                .item();
        assertThat(Long.parseLong(revocation.get(Constants.TTL).n()))
                .isBetween(
                        Instant.now().plus(Constants.REVOCATION_TTL).getEpochSecond() - 60,
                        Instant.now().plus(Constants.REVOCATION_TTL).getEpochSecond());
        assertThat(seeded.rowUsers()).containsExactly(BYSTANDER);
        assertThat(keys(Table.PENDING_MESSAGES)).allSatisfy(k -> assertThat(k).startsWith("USER#" + BYSTANDER + " "));
        assertThat(keys(Table.CONVERSATIONS))
                .hasSize(2)
                .allSatisfy(k -> assertThat(k).startsWith("USER#" + BYSTANDER + " "));
        assertThat(keys(Table.SETTINGS))
                .containsExactlyInAnyOrder(
                        "USER#" + Constants.OTP_OWNER_PREFIX + "654321 " + Constants.OTP_OWNER_SETTING,
                        "USER#" + BYSTANDER + " " + Constants.OTP_SETTING,
                        "USER#" + BYSTANDER + " " + Constants.LINKED_TELEGRAM_SETTING,
                        "USER#telegram:222 " + Constants.LINKED_COGNITO_SETTING);
        assertThat(workspace())
                .containsExactly(
                        "workspaces/" + BYSTANDER + "/MEMORY.md", "workspaces/" + BYSTANDER + "/notes/today.md");
    }

    @Test
    void aUserWithNothingStoredIsDeletedWithZeroCountsAndARevocation() {
        StateReconciler containers = new StateReconciler(
                new TaskStateTable(dynamo, names.table(Table.TASK_STATE)),
                new ClusterTasks(ecs, names.cluster()),
                names.taskFamily(),
                Clock.systemUTC(),
                Constants.TASK_START_TIMEOUT);

        UserData.Deleted deleted = new UserData(
                        dynamo, s3, Optional.of(api), containers, names, seeded.dataBucket(), Clock.systemUTC())
                .delete("sub-nobody");

        assertThat(deleted).isEqualTo(new UserData.Deleted(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(keys(Table.CONNECTIONS)).containsExactly(Constants.REVOKED_PREFIX + "sub-nobody");
    }
}
