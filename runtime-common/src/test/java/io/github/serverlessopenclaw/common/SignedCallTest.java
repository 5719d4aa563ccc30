package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class SignedCallTest {
    @Test
    void theEndpointIsTheServicesOverrideThenTheGeneralOneThenTheRegionsPublicEndpoint() {
        assertThat(SignedCall.endpoint(Map.of(), "EC2", "ec2", Region.US_EAST_1))
                .isEqualTo(URI.create("https://ec2.us-east-1.amazonaws.com"));
        assertThat(SignedCall.endpoint(Map.of(), "EC2", "ec2", Region.CN_NORTH_1))
                .as("another partition, another domain")
                .isEqualTo(URI.create("https://ec2.cn-north-1.amazonaws.com.cn"));
        assertThat(SignedCall.endpoint(
                        Map.of("AWS_ENDPOINT_URL", "http://localhost:5000"), "EC2", "ec2", Region.US_EAST_1))
                .isEqualTo(URI.create("http://localhost:5000"));
        assertThat(SignedCall.endpoint(
                        Map.of(
                                "AWS_ENDPOINT_URL",
                                "http://localhost:5000",
                                "AWS_ENDPOINT_URL_EC2",
                                "http://localhost:6000"),
                        "EC2",
                        "ec2",
                        Region.US_EAST_1))
                .isEqualTo(URI.create("http://localhost:6000"));
    }
}
