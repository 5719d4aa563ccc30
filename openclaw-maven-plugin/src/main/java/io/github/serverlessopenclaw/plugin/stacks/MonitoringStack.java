package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.constructs.Construct;

/**
 * Optional dashboard: Lambda invocations and errors, container CPU and memory, and the runtimes' own metrics
 * (Embedded Metric Format lines). Those series come from the catalogue ({@link RuntimeMetric}) with every dimension the
 * emitters write, the appName first, so each series is one that is emitted. References resources by name only.
 */
final class MonitoringStack extends OpenClawStack {

    MonitoringStack(Construct scope, StackConfig config) {
        super(scope, ProductStack.MONITORING, config, "CloudWatch dashboard");
        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> errors = new ArrayList<>();
        for (Handler handler : Handler.values()) {
            invocations.add(lambdaMetric("Invocations", handler));
            errors.add(lambdaMetric("Errors", handler));
        }
        List<IMetric> latency = new ArrayList<>();
        latency.add(catalogued(RuntimeMetric.STARTUP_TOTAL, "p50", "container start-up"));
        for (Protocol.Channel channel : Protocol.Channel.values()) {
            latency.add(catalogued(
                    RuntimeMetric.FIRST_RESPONSE_TIME, "p50", "first text (" + channel.name() + ")", channel.name()));
            latency.add(catalogued(
                    RuntimeMetric.MESSAGE_LATENCY, "p50", "whole answer (" + channel.name() + ")", channel.name()));
        }
        List<IMetric> events = new ArrayList<>();
        for (RuntimeMetric metric : RuntimeMetric.values()) {
            if (metric.unit() == RuntimeMetric.Unit.COUNT
                    && metric.dimensionNames().isEmpty()) {
                events.add(catalogued(metric, "Sum", metric.metricName()));
            }
        }
        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(names.dashboard())
                .widgets(List.of(
                        List.of(graph("Lambda invocations", invocations), graph("Lambda errors", errors)),
                        List.of(
                                graph(
                                        "Container CPU / memory (%)",
                                        List.of(ecsMetric("CPUUtilization"), ecsMetric("MemoryUtilization"))),
                                graph("Container start-up and reply latency (ms)", latency)),
                        List.of(GraphWidget.Builder.create()
                                .title("Events (count per 5 minutes)")
                                .left(events)
                                .width(24)
                                .height(6)
                                .build())))
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(12)
                .height(6)
                .build();
    }

    private Metric lambdaMetric(String name, Handler handler) {
        return Metric.Builder.create()
                .namespace("AWS/Lambda")
                .metricName(name)
                .statistic("Sum")
                .dimensionsMap(Map.of("FunctionName", handler.functionName(names)))
                .label(handler.suffix())
                .period(Duration.minutes(5))
                .build();
    }

    private Metric ecsMetric(String name) {
        return Metric.Builder.create()
                .namespace("AWS/ECS")
                .metricName(name)
                .statistic("Average")
                .dimensionsMap(Map.of("ClusterName", names.cluster()))
                .period(Duration.minutes(5))
                .build();
    }

    /** A catalogued metric of this deployment: the appName and a value for each of its dimensions. */
    private Metric catalogued(RuntimeMetric metric, String statistic, String label, String... values) {
        return Metric.Builder.create()
                .namespace(Constants.METRICS_NAMESPACE)
                .metricName(metric.metricName())
                .statistic(statistic)
                .dimensionsMap(metric.dimensionsFor(names.appName(), values))
                .label(label)
                .period(Duration.minutes(5))
                .build();
    }
}
