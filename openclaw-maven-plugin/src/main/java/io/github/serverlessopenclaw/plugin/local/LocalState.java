package io.github.serverlessopenclaw.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a second {@code openclaw:run} resumes, since moto keeps nothing on disk: at shutdown (after the containers
 * saved their workspaces) the tables that outlive a container (Conversations, Settings, PendingMessages) and the
 * data bucket (workspace backups) are written under {@code state/}, with each user's Cognito sub; at the next start
 * they are written back. Cognito gives a re-created user a new sub (its id everywhere), so the old sub is replaced by
 * the new one in every restored value and key. Not kept: TaskState and Connections (containers and sockets end with
 * the run), passwords other than the created user's (its file), Cognito sessions (users sign in again).
 */
final class LocalState {
    static final List<Table> KEPT = List.of(Table.CONVERSATIONS, Table.SETTINGS, Table.PENDING_MESSAGES);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    LocalState(Path dir) {
        this.dir = dir;
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve("users.json"));
    }

    /** Writes the kept tables, the bucket and {@code email → sub}; returns how many items and objects. */
    String save(DynamoDbClient dynamo, S3Client s3, AppNames names, String bucket, Map<String, String> subs)
            throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".partial");
        deleteRecursively(tmp);
        Files.createDirectories(tmp.resolve("s3"));
        int items = 0;
        for (Table table : KEPT) {
            ArrayNode rows = JSON.createArrayNode();
            for (Map<String, AttributeValue> item :
                    dynamo.scanPaginator(b -> b.tableName(names.table(table))).items()) {
                rows.add(toJson(item));
            }
            items += rows.size();
            JSON.writeValue(tmp.resolve(table.suffix() + ".json").toFile(), rows);
        }
        int objects = 0;
        for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            Path file = tmp.resolve("s3").resolve(object.key()).normalize();
            if (!file.startsWith(tmp.resolve("s3"))) {
                continue; // a key that would leave the folder is not written
            }
            Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray());
            objects++;
        }
        JSON.writeValue(tmp.resolve("users.json").toFile(), subs);
        deleteRecursively(dir);
        Files.move(tmp, dir);
        return items + " items, " + objects + " workspace objects";
    }

    /** Writes the saved state back, each old sub replaced by the sub its email has now. */
    String restore(DynamoDbClient dynamo, S3Client s3, AppNames names, String bucket, Map<String, String> subsNow)
            throws IOException {
        Map<String, String> renames = new LinkedHashMap<>();
        JSON.readTree(dir.resolve("users.json").toFile()).fields().forEachRemaining(e -> {
            String now = subsNow.get(e.getKey());
            if (now != null && !now.equals(e.getValue().asText())) {
                renames.put(e.getValue().asText(), now);
            }
        });
        int items = 0;
        for (Table table : KEPT) {
            Path file = dir.resolve(table.suffix() + ".json");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            for (JsonNode row : JSON.readTree(file.toFile())) {
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                row.fields().forEachRemaining(e -> item.put(e.getKey(), fromJson(e.getValue(), renames)));
                dynamo.putItem(b -> b.tableName(names.table(table)).item(item));
                items++;
            }
        }
        int objects = 0;
        Path root = dir.resolve("s3");
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String key = rename(root.relativize(file).toString().replace('\\', '/'), renames);
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                    objects++;
                }
            }
        }
        return items + " items, " + objects + " workspace objects";
    }

    static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    private static JsonNode toJson(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", toJson(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(toJson(v)));
            }
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS ->
                value.bs()
                        .forEach(b ->
                                node.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            default -> throw new IllegalArgumentException("unknown DynamoDB type " + value.type());
        }
        return node;
    }

    static AttributeValue fromJson(JsonNode node, Map<String, String> renames) {
        String type = node.fieldNames().next();
        JsonNode v = node.get(type);
        return switch (type) {
            case "S" -> AttributeValue.fromS(rename(v.asText(), renames));
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" ->
                AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                v.fields().forEachRemaining(e -> map.put(e.getKey(), fromJson(e.getValue(), renames)));
                yield AttributeValue.fromM(map);
            }
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(e -> list.add(fromJson(e, renames)));
                yield AttributeValue.fromL(list);
            }
            case "SS" -> {
                List<String> list = new ArrayList<>();
                v.forEach(e -> list.add(rename(e.asText(), renames)));
                yield AttributeValue.fromSs(list);
            }
            case "NS" -> {
                List<String> list = new ArrayList<>();
                v.forEach(e -> list.add(e.asText()));
                yield AttributeValue.fromNs(list);
            }
            case "BS" -> {
                List<SdkBytes> list = new ArrayList<>();
                v.forEach(
                        e -> list.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(e.asText()))));
                yield AttributeValue.fromBs(list);
            }
            default -> throw new IllegalArgumentException("unknown DynamoDB type " + type);
        };
    }

    private static String rename(String text, Map<String, String> renames) {
        String result = text;
        for (var e : renames.entrySet()) {
            result = result.replace(e.getKey(), e.getValue());
        }
        return result;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
