package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.RowSchema;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small builders and readers for DynamoDB items. */
final class Items {
    private Items() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static Map<String, AttributeValue> key(String pk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(io.github.serverlessopenclaw.common.Constants.PK, s(pk));
        return key;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = key(pk);
        key.put(io.github.serverlessopenclaw.common.Constants.SK, s(sk));
        return key;
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null ? null : value.s();
    }

    static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        if (value == null || value.n() == null) {
            return null;
        }
        try {
            return (long) Double.parseDouble(value.n());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A string inside the map attribute {@code value} (Settings rows). */
    static String valueField(Map<String, AttributeValue> item, String field) {
        AttributeValue value = item == null ? null : item.get(RowSchema.Settings.VALUE);
        if (value == null || !value.hasM()) {
            return null;
        }
        AttributeValue inner = value.m().get(field);
        return inner == null ? null : inner.s();
    }

    static AttributeValue valueMap(String field, String content) {
        return AttributeValue.fromM(Map.of(field, s(content)));
    }
}
