package io.github.serverlessopenclaw.plugin.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs one task per node of a dependency graph: a node starts once all its dependencies succeeded,
 * independent nodes run in parallel (at most {@code concurrency} at a time), and the dependents of a
 * failed node are not started. Used in forward order for deploy and in reverse order for destroy.
 *
 * @param <N> node (a stack)
 * @param <R> result of one task
 */
public final class DeployPlan<N, R> {
    private final List<N> nodes;
    private final Map<N, Set<N>> dependencies;

    /** @param dependencies for each node, the nodes that must finish first (unknown nodes are ignored) */
    public DeployPlan(List<N> nodes, Function<N, ? extends Iterable<N>> dependencies) {
        this.nodes = List.copyOf(nodes);
        this.dependencies = new LinkedHashMap<>();
        Set<N> known = new HashSet<>(nodes);
        for (N node : nodes) {
            Set<N> deps = new HashSet<>();
            for (N dep : dependencies.apply(node)) {
                if (known.contains(dep)) {
                    deps.add(dep);
                }
            }
            this.dependencies.put(node, deps);
        }
        checkAcyclic();
    }

    /** The same graph with every edge turned around (destroy dependents before what they depend on). */
    public DeployPlan<N, R> reversed() {
        Map<N, List<N>> dependents = new HashMap<>();
        for (N node : nodes) {
            for (N dep : dependencies.get(node)) {
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(node);
            }
        }
        List<N> backwards = new ArrayList<>(nodes);
        Collections.reverse(backwards);
        return new DeployPlan<>(backwards, n -> dependents.getOrDefault(n, List.of()));
    }

    /** A sequential order that respects the dependencies (stable: manifest order among equals). */
    public List<N> order() {
        List<N> order = new ArrayList<>();
        Set<N> done = new HashSet<>();
        while (order.size() < nodes.size()) {
            for (N node : nodes) {
                if (!done.contains(node) && done.containsAll(dependencies.get(node))) {
                    order.add(node);
                    done.add(node);
                    break;
                }
            }
        }
        return order;
    }

    /**
     * Runs {@code task} on every node. {@code succeeded} says whether a result lets dependents start;
     * {@code skipped} makes the result for a node whose dependency did not succeed.
     *
     * @return every node's result, in dependency order
     */
    public Map<N, R> run(int concurrency, Function<N, R> task, Predicate<R> succeeded, Function<N, R> skipped) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        Map<N, R> results = new LinkedHashMap<>();
        Set<N> started = new HashSet<>();
        Set<N> succeededNodes = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, nodes.size())), r -> {
            Thread thread = new Thread(r, "openclaw-deploy");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorCompletionService<Map.Entry<N, R>> completion = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            while (results.size() < nodes.size()) {
                boolean progress = false;
                for (N node : nodes) {
                    if (started.contains(node) || results.containsKey(node)) {
                        continue;
                    }
                    Set<N> deps = dependencies.get(node);
                    if (deps.stream().anyMatch(d -> results.containsKey(d) && !succeededNodes.contains(d))) {
                        results.put(node, skipped.apply(node));
                        progress = true;
                    } else if (succeededNodes.containsAll(deps) && running < concurrency) {
                        started.add(node);
                        running++;
                        completion.submit(() -> Map.entry(node, task.apply(node)));
                        progress = true;
                    }
                }
                if (progress && results.size() == nodes.size()) {
                    break;
                }
                if (running == 0) {
                    if (!progress) {
                        throw new IllegalStateException("no runnable node left"); // impossible for an acyclic graph
                    }
                    continue;
                }
                Future<Map.Entry<N, R>> finished = completion.take();
                running--;
                Map.Entry<N, R> entry = get(finished);
                results.put(entry.getKey(), entry.getValue());
                if (succeeded.test(entry.getValue())) {
                    succeededNodes.add(entry.getKey());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("Interrupted");
        } finally {
            pool.shutdownNow();
        }
        Map<N, R> ordered = new LinkedHashMap<>();
        for (N node : order()) {
            ordered.put(node, results.get(node));
        }
        return ordered;
    }

    private static <T> T get(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DeployException(String.valueOf(cause), cause);
        }
    }

    private void checkAcyclic() {
        Set<N> done = new HashSet<>();
        boolean progress = true;
        while (progress && done.size() < nodes.size()) {
            progress = false;
            for (N node : nodes) {
                if (!done.contains(node) && done.containsAll(dependencies.get(node))) {
                    done.add(node);
                    progress = true;
                }
            }
        }
        if (done.size() < nodes.size()) {
            List<N> cycle = new ArrayList<>(nodes);
            cycle.removeAll(done);
            throw new IllegalArgumentException("The stacks depend on each other in a cycle: " + cycle);
        }
    }
}
