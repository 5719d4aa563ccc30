package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Handler;
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
 * Optional dashboard: Lambda invocations and errors, container CPU and memory, and the start-up and latency
 * metrics the runtimes write as Embedded Metric Format log lines. References resources by name only.
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
        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(names.dashboard())
                .widgets(List.of(
                        List.of(graph("Lambda invocations", invocations), graph("Lambda errors", errors)),
                        List.of(graph("Container CPU / memory (%)", List.of(
                                        ecsMetric("CPUUtilization"), ecsMetric("MemoryUtilization"))),
                                graph("Container start-up and reply latency (ms)", List.of(
                                        custom("StartupTotal"), custom("FirstResponseTime"), custom("MessageLatency"))))))
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
    }

    private Metric lambdaMetric(String name, Handler handler) {
        return Metric.Builder.create().namespace("AWS/Lambda").metricName(name).statistic("Sum")
                .dimensionsMap(Map.of("FunctionName", handler.functionName(names)))
                .label(handler.suffix()).period(Duration.minutes(5)).build();
    }

    private Metric ecsMetric(String name) {
        return Metric.Builder.create().namespace("AWS/ECS").metricName(name).statistic("Average")
                .dimensionsMap(Map.of("ClusterName", names.cluster())).period(Duration.minutes(5)).build();
    }

    private Metric custom(String name) {
        return Metric.Builder.create().namespace(Constants.METRICS_NAMESPACE).metricName(name).statistic("p50")
                .period(Duration.minutes(5)).build();
    }
}
