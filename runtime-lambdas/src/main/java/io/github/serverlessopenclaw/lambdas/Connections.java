package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;
import static io.github.serverlessopenclaw.lambdas.Items.s;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.RowSchema;
import io.github.serverlessopenclaw.common.Table;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Connections table: which user owns a WebSocket connection, and until when (the expiry of the ID token
 * it was opened with: a connection lives no longer than its token). Rows {@code REVOKED#<userId>} mark deleted
 * users ({@link Constants#REVOKED_PREFIX}).
 */
final class Connections {
    /** Epoch seconds after which the connection's token, and so the connection, has expired. */

    /** An open connection: its owner, when it expires, and the language of its user's texts. */
    record Connection(String userId, long expiresAt, Language language) {
        boolean expired(Instant now) {
            return now.getEpochSecond() >= expiresAt;
        }
    }

    private final Services services;
    private final String table;

    Connections(Services services) {
        this.services = services;
        this.table = services.env().table(Table.CONNECTIONS);
    }

    /** Stores the connection until {@code tokenExpiresAt} (epoch seconds), when DynamoDB's TTL may remove it. */
    void save(String connectionId, String userId, long tokenExpiresAt) {
        save(connectionId, userId, tokenExpiresAt, Language.en);
    }

    void save(String connectionId, String userId, long tokenExpiresAt, Language language) {
        var now = services.clock().instant();
        Map<String, AttributeValue> item = key(Constants.CONNECTION_PREFIX + connectionId);
        item.put(RowSchema.Connections.USER_ID, s(userId));
        item.put(Constants.CONNECTED_AT, s(now.toString()));
        item.put(RowSchema.Connections.EXPIRES_AT, n(tokenExpiresAt));
        item.put(Constants.TTL, n(tokenExpiresAt));
        item.put(RowSchema.Connections.LANGUAGE, s(language.name()));
        services.dynamo().putItem(b -> b.tableName(table).item(item));
    }

    /** The connection, or null for an unknown one. A row from before expiresAt existed expires at its ttl. */
    Connection find(String connectionId) {
        var item = services.dynamo()
                .getItem(b -> b.tableName(table)
                        .key(key(Constants.CONNECTION_PREFIX + connectionId))
                        .consistentRead(true))
                .item();
        String userId = Items.string(item, RowSchema.Connections.USER_ID);
        if (userId == null) {
            return null;
        }
        Long expires = Items.number(item, RowSchema.Connections.EXPIRES_AT);
        Long ttl = Items.number(item, Constants.TTL);
        return new Connection(
                userId,
                expires != null ? expires : ttl != null ? ttl : 0,
                Language.of(Items.string(item, RowSchema.Connections.LANGUAGE)));
    }

    /** True while a revocation written by user-delete for this user is in force. */
    boolean revoked(String userId) {
        var item = services.dynamo()
                .getItem(b -> b.tableName(table)
                        .key(key(Constants.REVOKED_PREFIX + userId))
                        .consistentRead(true))
                .item();
        Long ttl = Items.number(item, Constants.TTL);
        return item != null
                && !item.isEmpty()
                && (ttl == null || ttl > services.clock().instant().getEpochSecond());
    }

    void delete(String connectionId) {
        services.dynamo().deleteItem(b -> b.tableName(table).key(key(Constants.CONNECTION_PREFIX + connectionId)));
    }
}
