package io.github.serverlessopenclaw.plugin.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A monthly cost estimate from a week of measured use: container hours at the task's Fargate size (and Spot),
 * Lambda requests and GB-seconds, API Gateway requests, and storage, at list prices it prints. It is an
 * estimate: us-east-1 on-demand prices, no free tier, no taxes, data transfer and DynamoDB requests left out.
 */
public final class CostEstimate {

    /** The prices assumed (USD, us-east-1 list prices of 2025), printed with the estimate. */
    public record Prices(
            double vcpuHourArm,
            double gbHourArm,
            double vcpuHourX86,
            double gbHourX86,
            double spotDiscount,
            double publicIpv4Hour,
            double lambdaPerMillion,
            double lambdaGbSecondArm,
            double lambdaGbSecondX86,
            double apiPerMillion,
            double s3GbMonth,
            double logsGbMonth) {
        public static Prices usEast1() {
            return new Prices(
                    0.03238,
                    0.00356,
                    0.04048,
                    0.004445,
                    0.70,
                    0.005,
                    0.20,
                    0.0000133334,
                    0.0000166667,
                    1.00,
                    0.023,
                    0.03);
        }
    }

    /** The task's size as deployed. */
    public record Fargate(double vcpu, double memoryGb, boolean arm, boolean spot) {}

    /** What was used in the measured window, and how long the window is in days. */
    public record Usage(
            double days,
            double containerHours,
            long lambdaRequests,
            double lambdaGbSeconds,
            long apiRequests,
            long s3Bytes,
            long logBytes) {}

    private static final double DAYS_PER_MONTH = 30;
    private static final double GB = 1024.0 * 1024 * 1024;

    private final Prices prices;

    public CostEstimate(Prices prices) {
        this.prices = prices;
    }

    public record Line(String part, String use, double monthly, String assumed) {}

    public List<Line> lines(Fargate fargate, Usage usage) {
        double month = DAYS_PER_MONTH / usage.days();
        double hours = usage.containerHours() * month;
        double hourly = fargate.vcpu() * (fargate.arm() ? prices.vcpuHourArm() : prices.vcpuHourX86())
                + fargate.memoryGb() * (fargate.arm() ? prices.gbHourArm() : prices.gbHourX86());
        double containers =
                hours * (hourly * (fargate.spot() ? 1 - prices.spotDiscount() : 1) + prices.publicIpv4Hour());
        double lambda = usage.lambdaRequests() * month / 1e6 * prices.lambdaPerMillion()
                + usage.lambdaGbSeconds()
                        * month
                        * (fargate.arm() ? prices.lambdaGbSecondArm() : prices.lambdaGbSecondX86());
        double api = usage.apiRequests() * month / 1e6 * prices.apiPerMillion();
        double storage = usage.s3Bytes() / GB * prices.s3GbMonth() + usage.logBytes() / GB * prices.logsGbMonth();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(
                "containers",
                format(
                        "%.1f h/month at %s vCPU / %s GB %s%s",
                        hours,
                        number(fargate.vcpu()),
                        number(fargate.memoryGb()),
                        fargate.arm() ? "ARM64" : "x86_64",
                        fargate.spot() ? " Spot" : ""),
                containers,
                format(
                        "vCPU-h $%s, GB-h $%s%s, public IPv4 $%s/h",
                        price(fargate.arm() ? prices.vcpuHourArm() : prices.vcpuHourX86()),
                        price(fargate.arm() ? prices.gbHourArm() : prices.gbHourX86()),
                        fargate.spot() ? format(", Spot -%d%%", Math.round(prices.spotDiscount() * 100)) : "",
                        price(prices.publicIpv4Hour()))));
        lines.add(new Line(
                "Lambda",
                format(
                        "%,d requests, %,.0f GB-s /month",
                        Math.round(usage.lambdaRequests() * month), usage.lambdaGbSeconds() * month),
                lambda,
                format(
                        "$%s per 1M requests, $%s per GB-s",
                        price(prices.lambdaPerMillion()),
                        price(fargate.arm() ? prices.lambdaGbSecondArm() : prices.lambdaGbSecondX86()))));
        lines.add(new Line(
                "API Gateway",
                format("%,d requests/month", Math.round(usage.apiRequests() * month)),
                api,
                format("$%s per 1M requests or messages", price(prices.apiPerMillion()))));
        lines.add(new Line(
                "storage",
                format("S3 %.2f GB, logs %.2f GB", usage.s3Bytes() / GB, usage.logBytes() / GB),
                storage,
                format("S3 $%s, logs $%s per GB-month", price(prices.s3GbMonth()), price(prices.logsGbMonth()))));
        return lines;
    }

    public List<String> report(Fargate fargate, Usage usage) {
        List<Line> lines = lines(fargate, usage);
        List<String> out = new ArrayList<>();
        out.add(format(
                "Estimated monthly cost (the last %s days of use x %s; us-east-1 list prices assumed, no free tier, no taxes,"
                        + " data transfer and DynamoDB left out)",
                number(usage.days()), number(DAYS_PER_MONTH / usage.days())));
        for (Line line : lines) {
            out.add(format(
                    "  %-12s %-48s %9s  (%s)", line.part(), line.use(), dollars(line.monthly()), line.assumed()));
        }
        out.add(format(
                "  %-12s %-48s %9s",
                "total", "", dollars(lines.stream().mapToDouble(Line::monthly).sum())));
        return out;
    }

    static String dollars(double value) {
        return format("$%.2f", value);
    }

    private static String price(double value) {
        return new java.math.BigDecimal(Double.toString(value))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : format("%.2f", value);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
