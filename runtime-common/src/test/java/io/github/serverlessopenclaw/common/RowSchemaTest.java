package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shared rows (TaskState, Settings, Conversations, PendingMessages, Connections) have one schema: no main
 * source of the three modules that write them spells one of
 * {@link RowSchema}'s attribute names itself, in a DynamoDB expression or as an item's attribute. (The same words
 * as fields of a JSON answer, such as the status API's {@code startedAt}, are another protocol and not flagged.)
 */
class RowSchemaTest {
    /** Where the Lambdas, the bridge and the plugin keep their code, from this module's folder. */
    private static final List<Path> SOURCES = List.of(
            Path.of("../runtime-lambdas/src/main/java"),
            Path.of("../runtime-container/src/main/java"),
            Path.of("../openclaw-maven-plugin/src/main/java"));

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A line that reads or writes an item (as opposed to building a JSON answer). */
    private static final Pattern ITEM_LINE = Pattern.compile(
            "item|Item|AttributeValue|Items\\.|projectionExpression|expressionAttributeNames|valueField|valueMap|containsKey");

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Class<?> rows : RowSchema.class.getDeclaredClasses()) {
            for (Field field : rows.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    try {
                        names.add((String) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return names;
    }

    /** The places in {@code line} where an attribute name is spelled instead of taken from {@link RowSchema}. */
    static List<String> spelled(String line) {
        List<String> found = new ArrayList<>();
        Matcher literal = LITERAL.matcher(line);
        while (literal.find()) {
            String text = literal.group(1);
            for (String name : names()) {
                String word = Pattern.quote(name);
                boolean inExpression = Pattern.compile("(^|[\\s(,])" + word + "\\s*(=|<|>|,|$)")
                                        .matcher(text)
                                        .find()
                                && (text.contains(":") || text.startsWith("SET ") || text.contains("attribute_"))
                        || Pattern.compile("attribute_(not_)?exists\\(" + word + "\\)")
                                .matcher(text)
                                .find();
                boolean asAttribute =
                        text.equals(name) && ITEM_LINE.matcher(line).find();
                if (inExpression || asAttribute) {
                    found.add(name + " in \"" + text + "\"");
                }
            }
        }
        return found;
    }

    @Test
    void theCheckFindsTheWaysANameWasSpelled() {
        assertThat(spelled("item.put(\"startedAt\", s(now.toString()));")).isNotEmpty();
        assertThat(spelled(".conditionExpression(\"startToken = :token AND attribute_not_exists(taskArn)\")"))
                .hasSize(2);
        assertThat(spelled(".updateExpression(\"SET lastActivity = :now\")")).isNotEmpty();
        assertThat(spelled("Map.of(\"#s\", \"status\"))); // expressionAttributeNames"))
                .isNotEmpty();
        assertThat(spelled("valueField(link, \"cognitoUserId\")")).isNotEmpty();
        assertThat(spelled("body.put(\"startedAt\", state.startedAt().toString());"))
                .as("a JSON answer")
                .isEmpty();
        assertThat(spelled("item.put(STARTED_AT, s(now.toString()));")).isEmpty();
        // Conversations, PendingMessages, Connections
        assertThat(spelled("AttributeValue role = item.get(\"role\");")).isNotEmpty();
        assertThat(spelled("\"content\", AttributeValue.fromS(content),")).isNotEmpty();
        assertThat(spelled(".projectionExpression(\"SK, #r\").expressionAttributeNames(Map.of(\"#r\", \"role\")));"))
                .isNotEmpty();
        assertThat(spelled("item.put(\"createdAt\", s(now.toString()));")).isNotEmpty();
        assertThat(spelled("Long expires = Items.number(item, \"expiresAt\");")).isNotEmpty();
        assertThat(spelled("\"revokedAt\", AttributeValue.fromS(clock.instant().toString()),"))
                .isNotEmpty();
    }

    @Test
    void noModuleSpellsASharedAttributeName() throws IOException {
        assertThat(SOURCES).allMatch(Files::isDirectory);
        List<String> found = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                    try {
                        List<String> lines = Files.readAllLines(file);
                        for (int i = 0; i < lines.size(); i++) {
                            for (String hit : spelled(lines.get(i))) {
                                found.add(file + ":" + (i + 1) + " " + hit);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        assertThat(found).as("use RowSchema's constants").isEmpty();
    }
}
