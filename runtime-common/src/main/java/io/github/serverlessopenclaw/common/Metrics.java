package io.github.serverlessopenclaw.common;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Map;

/**
 * Metrics as CloudWatch Embedded Metric Format lines: one JSON line on stdout per data point, which CloudWatch Logs
 * turns into a metric (the Lambdas' log group, the bridge's awslogs group). No PutMetricData call, so nothing on the
 * message path waits for CloudWatch and nothing is paid per call. Only catalogued metrics ({@link RuntimeMetric}) can
 * be emitted, with their declared dimensions and the appName, in namespace {@link Constants#METRICS_NAMESPACE}.
 */
public final class Metrics {
    private static volatile PrintStream out = System.out;

    private Metrics() {}

    /** Tests capture the lines here. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** One occurrence of a {@link RuntimeMetric.Unit#COUNT} metric; {@code values}: its dimensions' values in order. */
    public static void count(RuntimeMetric metric, String... values) {
        emit(metric, 1, values);
    }

    /** One data point of {@code metric}, in its unit, with its dimensions' values in the catalogue's order. */
    public static void emit(RuntimeMetric metric, long value, String... values) {
        out.println(line(metric, value, metric.dimensions(values)));
    }

    /** The EMF document of one data point (the dimensions include the appName). */
    static String line(RuntimeMetric metric, long value, Map<String, String> dimensions) {
        String name = metric.metricName();
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", Constants.METRICS_NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        directive
                .putArray("Metrics")
                .addObject()
                .put("Name", name)
                .put("Unit", metric.unit().cloudWatchName());
        dimensions.forEach(line::put);
        line.put(name, value);
        return Json.write(line);
    }
}
