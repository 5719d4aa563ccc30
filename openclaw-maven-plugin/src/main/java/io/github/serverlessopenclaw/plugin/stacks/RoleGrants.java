package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The vocabulary of the product's role grants, each scoped to what one call needs (one table, the cluster's
 * tasks, one family, named parameters), so that {@code ApiStack.grantHandlers} and {@code ComputeStack.grantBridge}
 * read as one line per call site. role-tests' {@code GrantsEqualCallsTest} proves, role by role, that these grants
 * equal the calls the runtimes make.
 */
final class RoleGrants {
    private final OpenClawStack stack;
    private final IRole role;

    RoleGrants(OpenClawStack stack, IRole role) {
        this.stack = stack;
        this.role = role;
    }

    /** Item actions ({@code GetItem}, {@code Query}, …) on one table (no index: no runtime queries one). */
    RoleGrants items(Table table, String... actions) {
        return allow(
                Arrays.stream(actions).map(a -> "dynamodb:" + a).toList(),
                List.of(stack.arn("dynamodb", "table", stack.names.table(table))));
    }

    /** RunTask of the product's family on its cluster, passing the task definition's two roles to ECS. */
    RoleGrants runTasks(String taskRoleArn, String executionRoleArn) {
        String cluster = stack.arn("ecs", "cluster", stack.names.cluster());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:RunTask"))
                .resources(List.of(stack.arn("ecs", "task-definition", stack.names.taskFamily() + ":*")))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", cluster)))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(taskRoleArn, executionRoleArn))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                .build());
        return this;
    }

    /** {@code ecs:StopTask}, {@code ecs:DescribeTasks}, … on the tasks of the product's cluster. */
    RoleGrants tasks(String... actions) {
        return allow(
                Arrays.stream(actions).map(a -> "ecs:" + a).toList(),
                List.of(stack.arn("ecs", "task", stack.names.cluster() + "/*")));
    }

    /**
     * Reads secrets by exact parameter ARN ({@code GetParameters} from the Lambdas, {@code GetParameter} from the
     * bridge), with {@code kms:Decrypt} through SSM when the secrets use a customer key.
     */
    RoleGrants secrets(String action, List<Secret> secrets) {
        if (secrets.isEmpty()) {
            return this;
        }
        stack.secretsKeyDecrypt().ifPresent(role::addToPrincipalPolicy);
        return allow(
                List.of(action),
                secrets.stream()
                        .map(s -> stack.parameterArn(s.parameterName(stack.names)))
                        .toList());
    }

    RoleGrants allow(List<String> actions, List<String> resources) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions)
                .resources(resources)
                .build());
        return this;
    }
}
