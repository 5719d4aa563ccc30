package io.github.serverlessopenclaw.plugin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {

    @Test
    void theRegionComesFromTheParameterThenAwsRegionThenAwsDefaultRegion() {
        Map<String, String> both =
                Map.of(AwsSettings.AWS_REGION, "ap-south-1", AwsSettings.AWS_DEFAULT_REGION, "eu-west-3");
        assertThat(AwsSettings.of("us-west-2", null, null, both).region()).contains("us-west-2");
        assertThat(AwsSettings.of(null, null, null, both).region()).contains("ap-south-1");
        assertThat(AwsSettings.of(" ", null, null, Map.of(AwsSettings.AWS_DEFAULT_REGION, "eu-west-3"))
                        .region())
                .contains("eu-west-3");
        assertThat(AwsSettings.of(null, null, null, Map.of()).region()).isEmpty(); // the SDK's chain: the profile, IMDS
    }

    @Test
    void anUnknownRegionNamesTheClosestOnesAndWhereItCameFrom() {
        assertThatThrownBy(() -> AwsSettings.of("eu-central-3", null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "openclaw.region 'eu-central-3' is not an AWS region: did you mean eu-central-1, eu-central-2");
        assertThatThrownBy(() -> AwsSettings.of(null, null, null, Map.of(AwsSettings.AWS_REGION, "useast1")))
                .hasMessageStartingWith("AWS_REGION 'useast1' is not an AWS region: did you mean us-east-1");
        assertThat(AwsSettings.distance("us-east-1", "us-east-2")).isEqualTo(1);
        assertThat(AwsSettings.distance("", "abc")).isEqualTo(3);
    }
}
