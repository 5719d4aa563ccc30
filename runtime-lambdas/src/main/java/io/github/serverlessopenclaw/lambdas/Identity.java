package io.github.serverlessopenclaw.lambdas;

import static io.github.serverlessopenclaw.common.RowSchema.Settings.COGNITO_USER_ID;
import static io.github.serverlessopenclaw.common.RowSchema.Settings.OTP_CODE;
import static io.github.serverlessopenclaw.common.RowSchema.Settings.TELEGRAM_USER_ID;
import static io.github.serverlessopenclaw.common.RowSchema.Settings.VALUE;
import static io.github.serverlessopenclaw.lambdas.Items.key;
import static io.github.serverlessopenclaw.lambdas.Items.n;
import static io.github.serverlessopenclaw.lambdas.Items.s;
import static io.github.serverlessopenclaw.lambdas.Items.valueMap;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.Table;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Web ↔ Telegram account linking in the Settings table: codes expire on the server, a new code voids the
 * previous one, and re-linking a web account to another Telegram account removes the old reverse link.
 */
final class Identity {
    static final Duration OTP_TTL = Duration.ofMinutes(5);
    /** 32 symbols without look-alikes (no 0/O, 1/I): 10 of them are 50 bits, beyond reach of 5 tries per 15 minutes. */
    static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    static final int CODE_LENGTH = 10;
    static final Pattern CODE = Pattern.compile("[" + CODE_ALPHABET + "]{" + CODE_LENGTH + "}");
    /** Fresh codes tried when a new one collides with a live code of someone else. */
    static final int CODE_ATTEMPTS = 5;

    static final String OTP_SETTING = Constants.OTP_SETTING;
    static final String OTP_OWNER_SETTING = Constants.OTP_OWNER_SETTING;
    static final String LINKED_TELEGRAM = Constants.LINKED_TELEGRAM_SETTING;
    static final String LINKED_COGNITO = Constants.LINKED_COGNITO_SETTING;

    sealed interface LinkResult permits Linked, LinkRefused {}

    record Linked(String cognitoUserId) implements LinkResult {}

    enum Refusal {
        invalid_code,
        telegram_container_running,
        linked_elsewhere
    }

    record LinkRefused(Refusal reason) implements LinkResult {}

    record LinkStatus(boolean linked, String telegramUserId) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Services services;
    private final String settings;
    private final TaskStates states;
    private final Supplier<String> codes;

    Identity(Services services) {
        this(services, Identity::randomCode);
    }

    /** With a code source of the caller's (tests force collisions with it). */
    Identity(Services services, Supplier<String> codes) {
        this.services = services;
        this.settings = services.env().table(Table.SETTINGS);
        this.states = new TaskStates(services);
        this.codes = codes;
    }

    static String randomCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String pk(String userId) {
        return Constants.USER_PREFIX + userId;
    }

    private static String telegramUser(String telegramId) {
        return Protocol.TELEGRAM_CONNECTION_PREFIX + telegramId;
    }

    /** The web user a Telegram user is linked to, else the Telegram user itself. */
    String resolve(String telegramId) {
        String linked = Items.valueField(get(pk(telegramUser(telegramId)), LINKED_COGNITO), COGNITO_USER_ID);
        return linked != null ? linked : telegramUser(telegramId);
    }

    /**
     * A fresh code for {@code cognitoUserId}; any earlier code stops working. The code's owner row is written
     * only if no live row has that code (a collision would otherwise hand someone else's code to this user, or
     * theirs to us); on a collision another code is drawn.
     */
    String generateOtp(String cognitoUserId) {
        String previous = Items.valueField(get(pk(cognitoUserId), OTP_SETTING), OTP_CODE);
        if (previous != null) {
            deleteOwnedCode(previous, cognitoUserId);
        }
        long now = services.clock().instant().getEpochSecond();
        long expires = services.clock().instant().plus(OTP_TTL).getEpochSecond();
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            String code = codes.get();
            var owner = key(pk(Constants.OTP_OWNER_PREFIX + code), OTP_OWNER_SETTING);
            owner.put(VALUE, valueMap(COGNITO_USER_ID, cognitoUserId));
            owner.put("updatedAt", s(services.clock().instant().toString()));
            owner.put(Constants.TTL, n(expires));
            try {
                services.dynamo()
                        .putItem(b -> b.tableName(settings)
                                .item(owner)
                                .conditionExpression("attribute_not_exists(PK) OR #ttl <= :now")
                                .expressionAttributeNames(Map.of("#ttl", Constants.TTL))
                                .expressionAttributeValues(Map.of(":now", n(now))));
            } catch (ConditionalCheckFailedException e) {
                Metrics.count(RuntimeMetric.LINK_CODE_COLLISION);
                continue;
            }
            put(pk(cognitoUserId), OTP_SETTING, valueMap(OTP_CODE, code), expires);
            return code;
        }
        throw new IllegalStateException("no free link code after " + CODE_ATTEMPTS + " attempts");
    }

    /** Deletes a code's owner row only while it is still this user's. */
    private void deleteOwnedCode(String code, String cognitoUserId) {
        try {
            services.dynamo()
                    .deleteItem(b -> b.tableName(settings)
                            .key(key(pk(Constants.OTP_OWNER_PREFIX + code), OTP_OWNER_SETTING))
                            .conditionExpression("#v.cognitoUserId = :me")
                            .expressionAttributeNames(Map.of("#v", VALUE))
                            .expressionAttributeValues(Map.of(":me", s(cognitoUserId))));
        } catch (ConditionalCheckFailedException e) {
            // gone already, or never ours
        }
    }

    LinkResult verifyAndLink(String telegramId, String code) {
        var owner = get(pk(Constants.OTP_OWNER_PREFIX + code), OTP_OWNER_SETTING);
        String cognitoUserId = Items.valueField(owner, COGNITO_USER_ID);
        Long expires = Items.number(owner, Constants.TTL);
        if (cognitoUserId == null
                || expires == null
                || expires <= services.clock().instant().getEpochSecond()) {
            return new LinkRefused(Refusal.invalid_code);
        }
        if (states.get(telegramUser(telegramId)) != null) {
            return new LinkRefused(Refusal.telegram_container_running);
        }
        String linkedTo = Items.valueField(get(pk(telegramUser(telegramId)), LINKED_COGNITO), COGNITO_USER_ID);
        if (linkedTo != null && !linkedTo.equals(cognitoUserId)) {
            return new LinkRefused(Refusal.linked_elsewhere);
        }
        try {
            services.dynamo()
                    .deleteItem(b -> b.tableName(settings)
                            .key(key(pk(Constants.OTP_OWNER_PREFIX + code), OTP_OWNER_SETTING))
                            .conditionExpression("attribute_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            return new LinkRefused(Refusal.invalid_code); // used by a concurrent /link
        }
        String previousTelegram = Items.valueField(get(pk(cognitoUserId), LINKED_TELEGRAM), TELEGRAM_USER_ID);
        if (previousTelegram != null && !previousTelegram.equals(telegramId)) {
            delete(pk(telegramUser(previousTelegram)), LINKED_COGNITO);
        }
        put(pk(cognitoUserId), LINKED_TELEGRAM, valueMap(TELEGRAM_USER_ID, telegramId), null);
        put(pk(telegramUser(telegramId)), LINKED_COGNITO, valueMap(COGNITO_USER_ID, cognitoUserId), null);
        delete(pk(cognitoUserId), OTP_SETTING);
        return new Linked(cognitoUserId);
    }

    LinkStatus status(String cognitoUserId) {
        String telegramId = Items.valueField(get(pk(cognitoUserId), LINKED_TELEGRAM), TELEGRAM_USER_ID);
        return new LinkStatus(telegramId != null, telegramId);
    }

    void unlink(String cognitoUserId) {
        String telegramId = Items.valueField(get(pk(cognitoUserId), LINKED_TELEGRAM), TELEGRAM_USER_ID);
        if (telegramId == null) {
            return;
        }
        delete(pk(cognitoUserId), LINKED_TELEGRAM);
        delete(pk(telegramUser(telegramId)), LINKED_COGNITO);
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        return services.dynamo()
                .getItem(b -> b.tableName(settings).key(key(pk, sk)).consistentRead(true))
                .item();
    }

    private void put(String pk, String sk, AttributeValue value, Long ttl) {
        var item = key(pk, sk);
        item.put(VALUE, value);
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
