package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtimes' one JSON, log and metric writer, as both the Lambdas and the bridge use them. */
class JsonLogMetricsTest {
    @AfterEach
    void tearDown() {
        Log.sendTo(null);
        Metrics.redirect(System.out);
    }

    @Test
    void jsonParsesExactlyOneValueAndWritesWhatItRead() {
        String text = "{\"a\":[1,2.5,true,null,\"x\"],\"big\":12345678901234,\"a2\":{\"b\":\"\\u00e9\"}}";
        assertThat(Json.write(Json.read(text))).isEqualTo(text.replace("\\u00e9", "é"));
        assertThat(Json.parse("{} {}")).as("trailing content").isEmpty();
        assertThat(Json.parse("{\"a\":")).isEmpty();
        assertThat(Json.parse("")).isEmpty();
        assertThatThrownBy(() -> Json.read("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Json.writePretty(Json.object().put("k", 1))).contains("\n").contains("\"k\" : 1");
        JsonNode nested = Json.read("{\"a\":{\"b\":\"c\"}}");
        assertThat(Json.path(nested, "a", "b").asText()).isEqualTo("c");
        assertThat(Json.path(nested, "x", "y").isMissingNode()).isTrue();
        assertThat(Json.text(nested, "a")).as("not a string").isNull();
    }

    @Test
    void logSaysTheCauseOrTheWholeStackTraceAndGoesWhereItIsSent() {
        List<String> lines = new ArrayList<>();
        Log.sendTo((level, message) -> lines.add(level + " " + message));

        Log.info("ready");
        Log.warn("send failed", new CompletionException(new IllegalStateException("closed")));
        Log.error("crashed", new IllegalArgumentException("bad", new ArithmeticException("zero")));

        assertThat(lines.get(0)).isEqualTo("INFO ready");
        assertThat(lines.get(1)).isEqualTo("WARN send failed: IllegalStateException: closed");
        assertThat(lines.get(2))
                .startsWith("ERROR crashed: java.lang.IllegalArgumentException: bad")
                .contains("\tat io.github.serverlessopenclaw.common.JsonLogMetricsTest.")
                .contains("Caused by: java.lang.ArithmeticException: zero");
    }

    @Test
    void theStdoutSinkNamesItsSourceAndALevelAboveInfo() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Log.sendTo(Log.stdout("bridge"));
            Log.info("started");
            Log.warn("slow");
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .satisfiesExactly(
                        l -> assertThat(l).matches("\\S+Z \\[bridge] started"),
                        l -> assertThat(l).matches("\\S+Z \\[bridge] WARN slow"));
    }

    @Test
    void aMetricIsOneEmbeddedMetricFormatLineOfTheCatalogue() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Metrics.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));

        Metrics.emit(RuntimeMetric.MESSAGE_LATENCY, 1234, "web");
        Metrics.count(RuntimeMetric.TASK_STARTED);

        List<JsonNode> lines =
                out.toString(StandardCharsets.UTF_8).lines().map(Json::read).toList();
        JsonNode latency = lines.get(0);
        JsonNode directive = latency.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo(Constants.METRICS_NAMESPACE);
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"AppName\",\"Channel\"]]");
        assertThat(directive.path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"MessageLatency\",\"Unit\":\"Milliseconds\"}]");
        assertThat(latency.path("MessageLatency").asLong()).isEqualTo(1234);
        assertThat(latency.path("Channel").asText()).isEqualTo("web");
        assertThat(latency.path("AppName").asText()).isEqualTo(RuntimeMetric.appName());
        assertThat(latency.path("_aws").path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(lines.get(1).path("TaskStarted").asLong()).isEqualTo(1);
        assertThatThrownBy(() -> Metrics.count(RuntimeMetric.MESSAGE_LATENCY))
                .as("a missing dimension")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
