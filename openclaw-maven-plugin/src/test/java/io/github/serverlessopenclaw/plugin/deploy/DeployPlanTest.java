package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dependency order, bounded parallelism, and what happens to dependents of a failure. */
class DeployPlanTest {
    // network ← storage ← compute ← api ; auth ← api ; web independent
    private static final Map<String, List<String>> GRAPH = Map.of(
            "network", List.of(),
            "storage", List.of("network"),
            "auth", List.of(),
            "compute", List.of("storage"),
            "api", List.of("compute", "auth"),
            "web", List.of());
    private static final List<String> NODES = List.of("network", "storage", "auth", "compute", "api", "web");

    private static DeployPlan<String, String> plan() {
        return new DeployPlan<>(NODES, GRAPH::get);
    }

    @Test
    void everyNodeStartsAfterItsDependenciesFinished() {
        ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
        Map<String, String> results = plan().run(
                        4,
                        node -> {
                            assertThat(finished).containsAll(GRAPH.get(node));
                            finished.add(node);
                            return "ok";
                        },
                        "ok"::equals,
                        n -> "skipped");

        assertThat(results).hasSize(6).containsValues("ok");
        assertThat(List.copyOf(results.keySet()))
                .containsExactly("network", "storage", "auth", "compute", "api", "web");
    }

    @Test
    void independentNodesRunInParallelButNeverMoreThanTheLimit() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<String> nodes = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        CountDownLatch threeStarted = new CountDownLatch(3);
        new DeployPlan<String, String>(nodes, n -> List.of())
                .run(
                        3,
                        node -> {
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            threeStarted.countDown();
                            try {
                                threeStarted.await(5, TimeUnit.SECONDS); // the first three overlap for sure
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            running.decrementAndGet();
                            return "ok";
                        },
                        "ok"::equals,
                        n -> "skipped");

        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    void dependentsOfAFailureAreNotStartedWhileOthersStillRun() {
        ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();
        Map<String, String> results = plan().run(
                        2,
                        node -> {
                            started.add(node);
                            return node.equals("storage") ? "failed" : "ok";
                        },
                        "ok"::equals,
                        n -> "skipped");

        assertThat(results)
                .containsEntry("storage", "failed")
                .containsEntry("compute", "skipped")
                .containsEntry("api", "skipped")
                .containsEntry("auth", "ok")
                .containsEntry("web", "ok");
        assertThat(started).doesNotContain("compute", "api");
    }

    @Test
    void reversedRunsDependentsFirst() {
        assertThat(plan().reversed().order()).containsExactly("web", "api", "compute", "auth", "storage", "network");
    }

    @Test
    void cyclesAreRejectedWithTheStacksInvolved() {
        assertThatThrownBy(() -> new DeployPlan<String, String>(
                        List.of("a", "b", "c"),
                        n -> n.equals("a") ? List.of("b") : n.equals("b") ? List.of("a") : List.of()))
                .hasMessageContaining("cycle")
                .hasMessageContaining("a")
                .hasMessageContaining("b");
    }
}
