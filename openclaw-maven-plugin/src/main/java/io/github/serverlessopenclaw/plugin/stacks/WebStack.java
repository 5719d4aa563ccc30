package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.S3OriginAccessControl;
import software.amazon.awscdk.services.cloudfront.Signing;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOriginWithOACProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * The web UI: a private bucket behind CloudFront with origin access control, SPA fallback to
 * {@code /index.html}, security headers and a CSP that allows exactly this deployment's APIs and Cognito.
 * The plugin uploads the files and {@code config.json}; there is no BucketDeployment.
 */
final class WebStack extends OpenClawStack {

    static final String INDEX = "/index.html";

    WebStack(Construct scope, StackConfig config) {
        super(scope, ProductStack.WEB, config, "Private site bucket and CloudFront distribution of the web UI");
        Bucket site = Bucket.Builder.create(this, "SiteContent")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        S3OriginAccessControl oac = S3OriginAccessControl.Builder.create(this, "SiteOriginAccessControl")
                .originAccessControlName(names.originAccessControl())
                .signing(Signing.SIGV4_NO_OVERRIDE)
                .build();

        String contentSecurityPolicy = Fn.join(
                "",
                List.of(
                        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                                + " connect-src 'self' ",
                        shared(SharedValue.HTTP_API_URL),
                        " ",
                        shared(SharedValue.WEBSOCKET_URL),
                        " https://cognito-idp.",
                        Aws.REGION,
                        ".amazonaws.com;"
                                + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"));
        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .responseHeadersPolicyName(names.responseHeadersPolicy())
                .comment("Security headers of the " + names.appName() + " web UI")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365))
                                .includeSubdomains(true)
                                .override(true)
                                .build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder()
                                .override(true)
                                .build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY)
                                .override(true)
                                .build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)
                                .override(true)
                                .build())
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(contentSecurityPolicy)
                                .override(true)
                                .build())
                        .build())
                .build();

        Distribution distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Web UI of " + names.appName())
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(
                                site,
                                S3BucketOriginWithOACProps.builder()
                                        .originAccessControl(oac)
                                        .build()))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build())
                .defaultRootObject("index.html")
                // SPA routing: unknown paths (403 from a private bucket, or 404) serve the app itself.
                .errorResponses(List.of(spaFallback(403), spaFallback(404)))
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableIpv6(true)
                .priceClass(
                        switch (config.priceClass()) {
                            case PRICE_CLASS_100 -> PriceClass.PRICE_CLASS_100;
                            case PRICE_CLASS_200 -> PriceClass.PRICE_CLASS_200;
                            case PRICE_CLASS_ALL -> PriceClass.PRICE_CLASS_ALL;
                        })
                .build();

        output(OutputKey.WebAppUrl, "https://" + distribution.getDistributionDomainName(), "Open this in a browser");
        output(OutputKey.SiteBucket, site.getBucketName(), "Bucket the plugin uploads the web UI to");
        output(
                OutputKey.DistributionId,
                distribution.getDistributionId(),
                "CloudFront distribution (invalidated after uploads)");
    }

    private static ErrorResponse spaFallback(int status) {
        return ErrorResponse.builder()
                .httpStatus(status)
                .responseHttpStatus(200)
                .responsePagePath(INDEX)
                .ttl(Duration.seconds(0))
                .build();
    }
}
