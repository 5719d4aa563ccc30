package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;
import static io.github.serverlessopenclaw.lambdas.Items.s;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cap on running containers ({@link Env#MAX_CONTAINERS}) and the users waiting for a slot: one Settings
 * partition ({@link Constants#CONTAINER_QUEUE_PK}, {@code SK=USER#<userId>}) holding, per waiting user, when
 * they started waiting and the task environment their container needs. The watchdog admits them, oldest
 * first, as slots free up.
 *
 * <p>The cap counts TaskState rows before a start; it is not a lock, so first messages of different users in
 * the same instant can each see the last free slot (the overshoot is at most the number of such messages).
 */
final class ContainerQueue {
    /** How long a waiting message (and the user's place) is kept. */
    static final Duration WAIT_TTL = Duration.ofHours(1);

    record Waiting(String userId, Instant since, Map<String, String> environment) {}

    private final Services services;
    private final String settings;
    private final TaskStates states;

    ContainerQueue(Services services) {
        this.services = services;
        this.settings = services.env().table(Table.SETTINGS);
        this.states = new TaskStates(services);
    }

    int maxContainers() {
        return services.env().intOr(Env.MAX_CONTAINERS, Constants.DEFAULT_MAX_CONTAINERS);
    }

    /**
     * Whether starting a container for {@code userId} would exceed the cap (the user's own row, if any, is
     * not counted). A failed count lets the start go ahead: the cap limits cost, it must not lose messages.
     */
    boolean full(String userId) {
        try {
            long others = states.scanActive().stream()
                    .filter(s -> !userId.equals(s.userId()))
                    .count();
            return others >= maxContainers();
        } catch (RuntimeException e) {
            Log.warn("counting containers failed, not applying the cap: " + e.getMessage());
            return false;
        }
    }

    /** Puts the user in line (keeping their place if they are already waiting) with the environment to start with. */
    void enqueue(String userId, Map<String, String> environment) {
        Instant now = services.clock().instant();
        Map<String, AttributeValue> env = new HashMap<>();
        environment.forEach((name, value) -> env.put(name, s(value)));
        services.dynamo()
                .updateItem(b -> b.tableName(settings)
                        .key(key(Constants.CONTAINER_QUEUE_PK, pk(userId)))
                        .updateExpression("SET #since = if_not_exists(#since, :now), #env = :env, #ttl = :ttl")
                        .expressionAttributeNames(
                                Map.of("#since", "since", "#env", "environment", "#ttl", Constants.TTL))
                        .expressionAttributeValues(Map.of(
                                ":now",
                                s(now.toString()),
                                ":env",
                                AttributeValue.fromM(env),
                                ":ttl",
                                n(now.plus(WAIT_TTL).getEpochSecond()))));
    }

    /** Waiting users, oldest first; rows past their ttl are removed instead. */
    List<Waiting> waiting() {
        long now = services.clock().instant().getEpochSecond();
        List<Waiting> waiting = new ArrayList<>();
        services.dynamo()
                .queryPaginator(b -> b.tableName(settings)
                        .consistentRead(true)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(Constants.CONTAINER_QUEUE_PK))))
                .items()
                .forEach(item -> {
                    String userId = item.get(Constants.SK).s().substring(Constants.USER_PREFIX.length());
                    Long ttl = Items.number(item, Constants.TTL);
                    if (ttl == null || ttl <= now || !item.containsKey("environment") || !item.containsKey("since")) {
                        remove(userId);
                        return;
                    }
                    Map<String, String> environment = new HashMap<>();
                    item.get("environment").m().forEach((name, value) -> environment.put(name, value.s()));
                    waiting.add(
                            new Waiting(userId, Instant.parse(item.get("since").s()), environment));
                });
        waiting.sort(Comparator.comparing(Waiting::since));
        return waiting;
    }

    void remove(String userId) {
        services.dynamo().deleteItem(b -> b.tableName(settings).key(key(Constants.CONTAINER_QUEUE_PK, pk(userId))));
    }

    private static String pk(String userId) {
        return Constants.USER_PREFIX + userId;
    }
}
