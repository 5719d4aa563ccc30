package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;
import static io.github.serverlessopenclaw.lambdas.Items.s;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Table;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Connections table: which user owns a WebSocket connection. */
final class Connections {
    static final Duration TTL = Duration.ofHours(24);

    private final Services services;
    private final String table;

    Connections(Services services) {
        this.services = services;
        this.table = services.env().table(Table.CONNECTIONS);
    }

    void save(String connectionId, String userId) {
        var now = services.clock().instant();
        Map<String, AttributeValue> item = key(Constants.CONNECTION_PREFIX + connectionId);
        item.put("userId", s(userId));
        item.put("connectedAt", s(now.toString()));
        item.put(Constants.TTL, n(now.plus(TTL).getEpochSecond()));
        services.dynamo().putItem(b -> b.tableName(table).item(item));
    }

    /** The owning user, or null for an unknown (or expired) connection. */
    String userOf(String connectionId) {
        var item = services.dynamo().getItem(b -> b.tableName(table)
                .key(key(Constants.CONNECTION_PREFIX + connectionId)).consistentRead(true)).item();
        Long ttl = Items.number(item, Constants.TTL);
        if (ttl != null && ttl < services.clock().instant().getEpochSecond()) {
            return null;
        }
        return Items.string(item, "userId");
    }

    void delete(String connectionId) {
        services.dynamo().deleteItem(b -> b.tableName(table).key(key(Constants.CONNECTION_PREFIX + connectionId)));
    }
}
