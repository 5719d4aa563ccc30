package io.github.serverlessopenclaw.roles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.testing.StrictIam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Grants equal calls: for every role the deployed templates create, each statement (action × resource) of its
 * policies must have been used by at least one call of the role tests run before this class
 * ({@code LambdaRolesStrictTest}, {@code BridgeRoleStrictTest}, same JVM, same strict moto), and no call of
 * those runs may have been refused. The only grants exempt are those AWS services use on the role's behalf,
 * which no code of ours calls (listed in {@link #SERVICE_USED}, each with its reason).
 *
 * <p>What the strict moto checks and not (so what this proves): actions and resource ARNs of DynamoDB, SSM, ECS,
 * S3, STS and iam:PassRole on RunTask; any resource for the rest (EC2 Describe*, execute-api); Conditions are
 * ignored; KMS decryption done by SSM for the caller, resource policies and quotas are not checked.
 */
@Order(3)
class GrantsEqualCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Grants no code of ours calls: the AWS service uses them with the role. */
    static final Map<String, String> SERVICE_USED = Map.of(
            "logs:CreateLogStream", "the Lambda service writes the function's logs with its role",
            "logs:PutLogEvents", "the Lambda service writes the function's logs with its role",
            "kms:Decrypt",
                    "SSM decrypts a SecureString with a customer key on the caller's behalf (kms:ViaService);"
                            + " the strict moto does not emulate KMS, so this grant is unchecked");

    /**
     * Grants of paths only a race reaches (role suffix + action → why): kept, and said here, because no test can
     * schedule the race; without them the race would leave an orphaned task.
     */
    static final Map<String, String> RACE_ONLY = Map.of(
            "prewarm ecs:StopTask",
            "stops a task superseded while starting: another claim replaced the TaskState row"
                    + " between RunTask and recording the task's ARN",
            "ws-connect ecs:StopTask",
            "the same race in the router's launch, started by a connect");

    record Grant(String action, String resource) {
        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    @Test
    void everyRoleIsGrantedExactlyWhatItsRunsCalled() throws Exception {
        StrictProduct product = StrictProduct.get();
        StrictIam strict = product.strict();
        List<StrictIam.IamCall> calls = strict.calls();
        JsonNode policies = JSON.readTree(strict.moto().read("/moto-api/openclaw/role-policies"));

        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> suffixes = new LinkedHashMap<>();
        for (Handler handler : Handler.values()) {
            labels.put(
                    StrictProduct.roleName(product.lambdaRole(handler)),
                    handler.suffix() + " (ApiStack.grantHandlers)");
            suffixes.put(StrictProduct.roleName(product.lambdaRole(handler)), handler.suffix());
        }
        labels.put(StrictProduct.roleName(product.taskRole()), "task role (ComputeStack.grantBridge)");

        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder("role: each grant, and how many calls of the runs it allowed\n");
        for (Map.Entry<String, String> role : labels.entrySet()) {
            List<Grant> grants = grants(policies.path(role.getKey()));
            List<StrictIam.IamCall> own =
                    calls.stream().filter(c -> c.role().equals(role.getKey())).toList();
            for (StrictIam.IamCall call : own) {
                if (!call.allowed() && !product.refusedOnPurpose().contains(call.resource())) {
                    problems.add(role.getValue() + " lacks " + call.action() + " on "
                            + (call.resource() == null ? "*" : call.resource()) + " (" + call.decision()
                            + "): the run made this call; grant it to the role");
                }
            }
            Set<String> rows = new TreeSet<>();
            for (Grant grant : grants) {
                String exempt = SERVICE_USED.get(grant.action());
                if (exempt == null) {
                    exempt = RACE_ONLY.get(suffixes.get(role.getKey()) + " " + grant.action());
                }
                long used = own.stream()
                        .filter(c -> c.allowed()
                                && matches(grant.action(), c.action(), true)
                                && (c.resource() == null || matches(grant.resource(), c.resource(), false)))
                        .count();
                if (exempt != null) {
                    rows.add(grant.action() + " " + shortArn(grant.resource()) + " (exempt: " + exempt + ")");
                    continue;
                }
                rows.add(grant.action() + " " + shortArn(grant.resource()) + " (" + used + " calls)");
                if (used == 0) {
                    problems.add(role.getValue() + " is granted " + grant + " but no run called it: remove the grant"
                            + " (or add the run that needs it to the role tests)");
                }
            }
            table.append(role.getValue()).append('\n');
            rows.forEach(row -> table.append("    ").append(row).append('\n'));
        }
        System.out.println(table);
        assertThat(problems).as("grants must equal calls; per role:\n" + table).isEmpty();
    }

    /** {@code table/oc-strict-TaskState} for a DynamoDB ARN, and so on: the part after the account. */
    static String shortArn(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[2] + ":" + parts[5] : arn;
    }

    /** Every Allow statement's (action, resource) pairs. */
    static List<Grant> grants(JsonNode documents) {
        List<Grant> grants = new ArrayList<>();
        for (JsonNode document : documents) {
            JsonNode statements = document.path("Statement");
            for (JsonNode statement :
                    statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
                if (!"Allow".equals(statement.path("Effect").asText())) {
                    continue;
                }
                for (String action : strings(statement.path("Action"))) {
                    for (String resource : strings(statement.path("Resource"))) {
                        grants.add(new Grant(action, resource));
                    }
                }
            }
        }
        return grants;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    /** IAM wildcard match: {@code *} any run, {@code ?} one character. */
    static boolean matches(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0)
                .matcher(value)
                .matches();
    }
}
