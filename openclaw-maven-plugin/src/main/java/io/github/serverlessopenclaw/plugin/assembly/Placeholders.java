package io.github.serverlessopenclaw.plugin.assembly;

/**
 * The account, region and partition a stack deploys to; resolves the {@code ${AWS::AccountId}},
 * {@code ${AWS::Region}} and {@code ${AWS::Partition}} placeholders the CDK writes into role ARNs,
 * bucket names and repository names of the manifests.
 */
public record Placeholders(String account, String region, String partition) {

    public static Placeholders of(String account, String region) {
        return new Placeholders(account, region, partitionOf(region));
    }

    static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    public String resolve(String value) {
        if (value == null) {
            return null;
        }
        return value.replace("${AWS::AccountId}", account)
                .replace("${AWS::Region}", region)
                .replace("${AWS::Partition}", partition);
    }

    /** The S3 host of this region, as CloudFormation expects it in a TemplateURL. */
    public String s3Host() {
        return "s3." + region + (partition.equals("aws-cn") ? ".amazonaws.com.cn" : ".amazonaws.com");
    }
}
