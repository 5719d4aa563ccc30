package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * CloudWatch metrics as Embedded Metric Format log lines (no PutMetricData: no cost per call and no latency
 * on the message path). Namespace {@value #NAMESPACE}; the watchdog's activity figures read MessageLatency.
 */
final class Metrics {
    static final String NAMESPACE = "ServerlessOpenClaw";

    private Metrics() {
    }

    static void milliseconds(String name, long value, Map<String, String> dimensions) {
        System.out.println(line(name, "Milliseconds", value, dimensions));
    }

    static void count(String name, long value) {
        System.out.println(line(name, "Count", value, Map.of()));
    }

    static void count(String name, long value, Map<String, String> dimensions) {
        System.out.println(line(name, "Count", value, dimensions));
    }

    static String line(String name, String unit, long value, Map<String, String> dimensions) {
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        dimensions.forEach(root::put);
        root.put(name, value);
        return Json.write(root);
    }
}
