package io.github.serverlessopenclaw.plugin.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of the estimate, by hand: a week of use scaled to 30 days at the printed prices. */
class CostEstimateTest {
    private final CostEstimate estimate = new CostEstimate(CostEstimate.Prices.usEast1());

    @Test
    void aWeekOfUseScaledToAMonthAtThePricesItPrints() {
        // 7 days: 14 container hours, 70,000 Lambda requests of 7,000 GB-s, 35,000 of them API requests, 1 GB S3, 2 GB
        // logs
        CostEstimate.Usage week = new CostEstimate.Usage(7, 14, 70_000, 7_000, 35_000, 1L << 30, 2L << 30);
        List<CostEstimate.Line> onDemand = estimate.lines(new CostEstimate.Fargate(1, 2, true, false), week);

        // 60 h/month x (1 x 0.03238 + 2 x 0.00356 + 0.005 IPv4)
        assertThat(onDemand.get(0).monthly()).isCloseTo(60 * (0.03238 + 0.00712 + 0.005), within(1e-9));
        // 300,000 requests x $0.20/M + 30,000 GB-s x $0.0000133334
        assertThat(onDemand.get(1).monthly()).isCloseTo(0.06 + 30_000 * 0.0000133334, within(1e-9));
        assertThat(onDemand.get(2).monthly()).isCloseTo(0.15, within(1e-9));
        assertThat(onDemand.get(3).monthly()).isCloseTo(0.023 + 0.06, within(1e-9));

        List<CostEstimate.Line> spot = estimate.lines(new CostEstimate.Fargate(1, 2, true, true), week);
        assertThat(spot.get(0).monthly()).isCloseTo(60 * ((0.03238 + 0.00712) * 0.3 + 0.005), within(1e-9));
        assertThat(spot.get(0).use()).isEqualTo("60.0 h/month at 1 vCPU / 2 GB ARM64 Spot");
        assertThat(spot.get(0).assumed()).isEqualTo("vCPU-h $0.03238, GB-h $0.00356, Spot -70%, public IPv4 $0.005/h");
    }

    @Test
    void theReportPrintsThePricesAndATotal() {
        List<String> report = estimate.report(
                new CostEstimate.Fargate(0.5, 1, false, false), new CostEstimate.Usage(7, 0, 0, 0, 0, 0, 0));
        assertThat(report.get(0))
                .startsWith("Estimated monthly cost (the last 7 days of use x 4.29; us-east-1 list prices assumed");
        assertThat(report).anyMatch(l -> l.contains("vCPU-h $0.04048, GB-h $0.004445, public IPv4 $0.005/h"));
        assertThat(report.get(report.size() - 1)).matches("  total +\\$0\\.00");
    }
}
