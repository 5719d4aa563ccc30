package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import java.io.PrintStream;
import java.util.Map;

/**
 * Metrics as CloudWatch Embedded Metric Format log lines: one JSON line on stdout per data point.
 * No PutMetricData call, so nothing on the message path waits for CloudWatch. Only catalogued metrics
 * ({@link RuntimeMetric}) can be emitted, with their declared dimensions and the appName.
 */
public final class Metrics {
    private static volatile PrintStream out = System.out;

    private Metrics() {
    }

    /** Tests capture the lines here. */
    static void redirect(PrintStream stream) {
        out = stream;
    }

    /** One occurrence of a catalogued metric; {@code values} are its dimensions' values in the declared order. */
    public static void count(RuntimeMetric metric, String... values) {
        emit(metric.metricName(), 1, metric.unit().cloudWatchName(), metric.dimensions(values));
    }

    private static void emit(String name, double value, String unit, Map<String, String> dimensions) {
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", Constants.METRICS_NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        dimensions.forEach(line::put);
        line.put(name, value);
        out.println(Json.write(line));
    }
}
