package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import java.util.Map;

/**
 * CloudWatch metrics as Embedded Metric Format log lines (no PutMetricData: no cost per call and no latency
 * on the message path), only of the catalogue's metrics ({@link RuntimeMetric}); the watchdog's activity figures read
 * MessageLatency.
 */
final class Metrics {
    private Metrics() {
    }

    /** One data point of {@code metric}, in its unit, with its dimensions' values in the catalogue's order. */
    static void emit(RuntimeMetric metric, long value, String... dimensionValues) {
        System.out.println(line(metric.metricName(), metric.unit().cloudWatchName(), value, metric.dimensions(dimensionValues)));
    }

    static String line(String name, String unit, long value, Map<String, String> dimensions) {
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", Constants.METRICS_NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        dimensions.forEach(root::put);
        root.put(name, value);
        return Json.write(root);
    }
}
