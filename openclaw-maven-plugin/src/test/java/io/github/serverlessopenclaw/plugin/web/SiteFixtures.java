package io.github.serverlessopenclaw.plugin.web;

import io.github.serverlessopenclaw.testing.Moto;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A site bucket and its distribution on moto, as the Web stack makes them in AWS. Both are created
 * through the service APIs because moto's CloudFormation skips AWS::CloudFront::Distribution.
 */
public final class SiteFixtures {
    /** AWS's managed CachingOptimized policy, which the Web stack uses. */
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    private SiteFixtures() {}

    /** Creates the bucket and a distribution in front of it; returns the distribution id. */
    public static String createSite(Moto moto, String bucket) {
        try (S3Client s3 = moto.client(S3Client.builder());
                CloudFrontClient cloudFront = moto.client(CloudFrontClient.builder())) {
            s3.createBucket(b -> b.bucket(bucket));
            return cloudFront
                    .createDistribution(b ->
                            b.distributionConfig(c -> c.callerReference(bucket + "-" + System.nanoTime())
                                    .comment(bucket)
                                    .enabled(true)
                                    .defaultRootObject("index.html")
                                    .origins(o -> o.quantity(1)
                                            .items(origin -> origin.id("site")
                                                    .domainName(bucket + ".s3.amazonaws.com")
                                                    .s3OriginConfig(s -> s.originAccessIdentity(""))))
                                    .defaultCacheBehavior(d -> d.targetOriginId("site")
                                            .viewerProtocolPolicy("redirect-to-https")
                                            .cachePolicyId(CACHING_OPTIMIZED))))
                    .distribution()
                    .id();
        }
    }
}
