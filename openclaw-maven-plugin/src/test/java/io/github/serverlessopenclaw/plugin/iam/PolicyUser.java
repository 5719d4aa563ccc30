package io.github.serverlessopenclaw.plugin.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * An IAM user on the strict moto holding exactly one of the shipped policies ({@code docs/iam/*.json}) with
 * its placeholders filled in, and the plugin's own client factory signed with that user's access key.
 */
final class PolicyUser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final AwsClients clients;

    private PolicyUser(String name, AwsClients clients) {
        this.name = name;
        this.clients = clients;
    }

    String name() {
        return name;
    }

    String arn(String account) {
        return "arn:aws:iam::" + account + ":user/" + name;
    }

    AwsClients clients() {
        return clients;
    }

    /** The shipped policy file, read from the checkout (the file users copy, not a test copy). */
    static Path policyFile(String fileName) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/iam").resolve(fileName);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "docs/iam/" + fileName + " not found above " + Path.of("").toAbsolutePath());
    }

    /** The policy text with every {@code <PLACEHOLDER>} replaced; fails on a placeholder left over. */
    static String substituted(String fileName, Map<String, String> values) {
        try {
            String text = Files.readString(policyFile(fileName));
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("<" + value.getKey() + ">", value.getValue());
            }
            if (text.matches("(?s).*<[A-Z_]+>.*")) {
                throw new IllegalStateException(fileName + " has a placeholder the test does not fill: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy without one action (and without a statement that held only it). */
    static String without(String policy, String action) {
        try {
            ObjectNode document = (ObjectNode) JSON.readTree(policy);
            ArrayNode statements = (ArrayNode) document.get("Statement");
            boolean removed = false;
            for (Iterator<JsonNode> it = statements.elements(); it.hasNext(); ) {
                ObjectNode statement = (ObjectNode) it.next();
                JsonNode actions = statement.get("Action");
                List<String> kept = new ArrayList<>();
                for (JsonNode a :
                        actions.isArray() ? actions : JSON.createArrayNode().add(actions)) {
                    if (a.asText().equals(action)) {
                        removed = true;
                    } else {
                        kept.add(a.asText());
                    }
                }
                if (kept.isEmpty()) {
                    it.remove();
                } else {
                    ArrayNode array = JSON.createArrayNode();
                    kept.forEach(k -> array.add(TextNode.valueOf(k)));
                    statement.set("Action", array);
                }
            }
            if (!removed) {
                throw new IllegalArgumentException("the policy has no action " + action);
            }
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every action the policy names, as written (wildcards kept). */
    static Set<String> actions(String policy) {
        try {
            Set<String> actions = new TreeSet<>();
            for (JsonNode statement : JSON.readTree(policy).get("Statement")) {
                JsonNode a = statement.get("Action");
                if (a.isArray()) {
                    a.forEach(x -> actions.add(x.asText()));
                } else {
                    actions.add(a.asText());
                }
            }
            return actions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the user with the policy inline and an access key. Call with enforcement off: the IAM calls here
     * are the test's set-up, made with moto's default identity.
     */
    static PolicyUser create(Moto moto, String name, String policy) {
        try (IamClient iam = moto.client(IamClient.builder())) {
            iam.createUser(b -> b.userName(name));
            iam.putUserPolicy(b -> b.userName(name).policyName(name).policyDocument(policy));
            AccessKey key = iam.createAccessKey(b -> b.userName(name)).accessKey();
            AwsClients clients = new AwsClients(AwsSettings.of(
                            Moto.REGION.id(), null, moto.endpoint().toString()))
                    .withCredentials(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
            return new PolicyUser(name, clients);
        }
    }
}
