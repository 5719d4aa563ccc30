package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;
import static io.github.serverlessopenclaw.lambdas.Items.s;
import static io.github.serverlessopenclaw.lambdas.Items.valueMap;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Table;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Web ↔ Telegram account linking in the Settings table (gateway-lambdas §5.5), with the reference's gaps
 * closed: codes expire on the server, a new code voids the previous one, and re-linking a web account
 * to another Telegram account removes the old reverse link.
 */
final class Identity {
    static final Duration OTP_TTL = Duration.ofMinutes(5);
    static final String OTP_SETTING = Constants.OTP_SETTING;
    static final String OTP_OWNER_SETTING = Constants.OTP_OWNER_SETTING;
    static final String LINKED_TELEGRAM = Constants.LINKED_TELEGRAM_SETTING;
    static final String LINKED_COGNITO = Constants.LINKED_COGNITO_SETTING;

    sealed interface LinkResult permits Linked, LinkRefused {
    }

    record Linked(String cognitoUserId) implements LinkResult {
    }

    enum Refusal { invalid_code, telegram_container_running, linked_elsewhere }

    record LinkRefused(Refusal reason) implements LinkResult {
    }

    record LinkStatus(boolean linked, String telegramUserId) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Services services;
    private final String settings;
    private final TaskStates states;

    Identity(Services services) {
        this.services = services;
        this.settings = services.env().table(Table.SETTINGS);
        this.states = new TaskStates(services);
    }

    private static String pk(String userId) {
        return Constants.USER_PREFIX + userId;
    }

    private static String telegramUser(String telegramId) {
        return Protocol.TELEGRAM_CONNECTION_PREFIX + telegramId;
    }

    /** The web user a Telegram user is linked to, else the Telegram user itself. */
    String resolve(String telegramId) {
        String linked = Items.valueField(get(pk(telegramUser(telegramId)), LINKED_COGNITO), "cognitoUserId");
        return linked != null ? linked : telegramUser(telegramId);
    }

    /** A fresh 6-digit code for {@code cognitoUserId}; any earlier code stops working. */
    String generateOtp(String cognitoUserId) {
        String previous = Items.valueField(get(pk(cognitoUserId), OTP_SETTING), "code");
        if (previous != null) {
            delete(pk(Constants.OTP_OWNER_PREFIX + previous), OTP_OWNER_SETTING);
        }
        String code = Integer.toString(100_000 + RANDOM.nextInt(900_000));
        long expires = services.clock().instant().plus(OTP_TTL).getEpochSecond();
        put(pk(cognitoUserId), OTP_SETTING, valueMap("code", code), expires);
        put(pk(Constants.OTP_OWNER_PREFIX + code), OTP_OWNER_SETTING, valueMap("cognitoUserId", cognitoUserId), expires);
        return code;
    }

    LinkResult verifyAndLink(String telegramId, String code) {
        var owner = get(pk(Constants.OTP_OWNER_PREFIX + code), OTP_OWNER_SETTING);
        String cognitoUserId = Items.valueField(owner, "cognitoUserId");
        Long expires = Items.number(owner, Constants.TTL);
        if (cognitoUserId == null || expires == null || expires <= services.clock().instant().getEpochSecond()) {
            return new LinkRefused(Refusal.invalid_code);
        }
        if (states.get(telegramUser(telegramId)) != null) {
            return new LinkRefused(Refusal.telegram_container_running);
        }
        String linkedTo = Items.valueField(get(pk(telegramUser(telegramId)), LINKED_COGNITO), "cognitoUserId");
        if (linkedTo != null && !linkedTo.equals(cognitoUserId)) {
            return new LinkRefused(Refusal.linked_elsewhere);
        }
        try {
            services.dynamo().deleteItem(b -> b.tableName(settings).key(key(pk(Constants.OTP_OWNER_PREFIX + code), OTP_OWNER_SETTING))
                    .conditionExpression("attribute_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            return new LinkRefused(Refusal.invalid_code); // used by a concurrent /link
        }
        String previousTelegram = Items.valueField(get(pk(cognitoUserId), LINKED_TELEGRAM), "telegramUserId");
        if (previousTelegram != null && !previousTelegram.equals(telegramId)) {
            delete(pk(telegramUser(previousTelegram)), LINKED_COGNITO);
        }
        put(pk(cognitoUserId), LINKED_TELEGRAM, valueMap("telegramUserId", telegramId), null);
        put(pk(telegramUser(telegramId)), LINKED_COGNITO, valueMap("cognitoUserId", cognitoUserId), null);
        delete(pk(cognitoUserId), OTP_SETTING);
        return new Linked(cognitoUserId);
    }

    LinkStatus status(String cognitoUserId) {
        String telegramId = Items.valueField(get(pk(cognitoUserId), LINKED_TELEGRAM), "telegramUserId");
        return new LinkStatus(telegramId != null, telegramId);
    }

    void unlink(String cognitoUserId) {
        String telegramId = Items.valueField(get(pk(cognitoUserId), LINKED_TELEGRAM), "telegramUserId");
        if (telegramId == null) {
            return;
        }
        delete(pk(cognitoUserId), LINKED_TELEGRAM);
        delete(pk(telegramUser(telegramId)), LINKED_COGNITO);
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        return services.dynamo().getItem(b -> b.tableName(settings).key(key(pk, sk)).consistentRead(true)).item();
    }

    private void put(String pk, String sk, AttributeValue value, Long ttl) {
        var item = key(pk, sk);
        item.put("value", value);
        item.put("updatedAt", s(services.clock().instant().toString()));
        if (ttl != null) {
            item.put(Constants.TTL, n(ttl));
        }
        services.dynamo().putItem(b -> b.tableName(settings).item(item));
    }

    private void delete(String pk, String sk) {
        services.dynamo().deleteItem(b -> b.tableName(settings).key(key(pk, sk)));
    }
}
