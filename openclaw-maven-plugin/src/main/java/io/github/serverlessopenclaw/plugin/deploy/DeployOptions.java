package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.time.Duration;
import java.util.Set;

/**
 * How {@link Deployer#deploy} runs.
 *
 * @param stacks stack names, ids or display names to deploy; empty = all
 * @param exclusively deploy only the named stacks, not the stacks they depend on
 * @param concurrency how many independent stacks deploy at the same time
 * @param force deploy even when a stack is unchanged
 * @param timeout longest wait for one stack operation
 */
public record DeployOptions(
        DeployMethod method,
        int concurrency,
        Set<String> stacks,
        boolean exclusively,
        boolean force,
        Duration timeout) {
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public DeployOptions {
        if (concurrency < 1) {
            throw new ConfigurationException(
                    PropertyNames.CONCURRENCY + " must be 1 or more (was " + concurrency + ")");
        }
        stacks = Set.copyOf(stacks);
    }

    public static DeployOptions defaults() {
        return new DeployOptions(DeployMethod.CHANGE_SET, DEFAULT_CONCURRENCY, Set.of(), false, false, DEFAULT_TIMEOUT);
    }

    public DeployOptions withMethod(DeployMethod other) {
        return new DeployOptions(other, concurrency, stacks, exclusively, force, timeout);
    }

    public DeployOptions withConcurrency(int other) {
        return new DeployOptions(method, other, stacks, exclusively, force, timeout);
    }

    public DeployOptions withStacks(Set<String> other) {
        return new DeployOptions(method, concurrency, other, exclusively, force, timeout);
    }
}
