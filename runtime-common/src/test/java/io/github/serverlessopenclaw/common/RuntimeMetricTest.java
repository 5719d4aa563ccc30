package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalogue: one name per metric, and data points that carry exactly the declared dimensions, appName first. */
class RuntimeMetricTest {

    @Test
    void namesAreUnique() {
        List<String> names = Arrays.stream(RuntimeMetric.values())
                .map(RuntimeMetric::metricName)
                .toList();
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void aDataPointHasTheAppNameThenTheDeclaredDimensionsInOrder() {
        assertThat(RuntimeMetric.MESSAGE_ROUTED.dimensionsFor("team-a", "Started", "web"))
                .containsExactly(
                        Map.entry("AppName", "team-a"), Map.entry("Outcome", "Started"), Map.entry("Channel", "web"));
        assertThat(RuntimeMetric.TASK_STARTED.dimensionsFor("team-a")).containsExactly(Map.entry("AppName", "team-a"));
    }

    @Test
    void aMissingOrExtraDimensionIsRefused() {
        assertThatThrownBy(() -> RuntimeMetric.MESSAGE_LATENCY.dimensionsFor("team-a"))
                .hasMessage("MessageLatency has the dimensions [Channel], got 0 value(s)");
        assertThatThrownBy(() -> RuntimeMetric.TASK_STARTED.dimensionsFor("team-a", "extra"))
                .hasMessage("TaskStarted has the dimensions [], got 1 value(s)");
    }
}
