package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** {@code openclaw.tags} on the toolkit stack too, as {@code cdk bootstrap --tags}; against moto_server's CloudFormation. */
@ExtendWith(MotoExtension.class)
class ToolkitTagsMotoTest {
    private static final String QUALIFIER = "tagged";

    private final Moto moto;
    private final DeployLogs.Collecting log = new DeployLogs.Collecting();

    ToolkitTagsMotoTest(Moto moto) {
        this.moto = moto;
    }

    private Map<String, String> toolkitTags() {
        try (CloudFormationClient cf = moto.client(CloudFormationClient.builder())) {
            Map<String, String> tags = new TreeMap<>();
            for (Tag tag : cf.describeStacks(b -> b.stackName(Bootstrapper.toolkitStackName(QUALIFIER)))
                    .stacks()
                    .get(0)
                    .tags()) {
                tags.put(tag.key(), tag.value());
            }
            return tags;
        }
    }

    @Test
    void theToolkitStackCarriesTheTagsAndAChangedTagAloneUpdatesIt() {
        Bootstrapper bootstrapper = new Bootstrapper(MotoAws.clients(moto), log);
        Map<String, String> tags = Map.of("team", "ai", "cost-center", "42");

        assertThat(bootstrapper
                        .bootstrap(QUALIFIER, DeployMethod.CHANGE_SET, tags)
                        .outcome())
                .isEqualTo(StackResult.Outcome.CREATED);
        assertThat(toolkitTags()).isEqualTo(tags);

        MotoAws.resetRecording(moto);
        assertThat(bootstrapper
                        .bootstrap(QUALIFIER, DeployMethod.CHANGE_SET, tags)
                        .outcome())
                .isEqualTo(StackResult.Outcome.UNCHANGED);
        assertThat(MotoAws.writes(moto))
                .as("writes of a bootstrap with the same tags")
                .isEmpty();

        assertThat(bootstrapper
                        .bootstrap(QUALIFIER, DeployMethod.DIRECT, Map.of("team", "ml"))
                        .outcome())
                .isEqualTo(StackResult.Outcome.UPDATED);
        assertThat(toolkitTags()).isEqualTo(Map.of("team", "ml"));
    }

    @Test
    void aTagAwsWouldRefuseIsRefusedBeforeAnyCall() {
        Bootstrapper bootstrapper = new Bootstrapper(MotoAws.clients(moto), log);
        MotoAws.resetRecording(moto);

        assertThatThrownBy(() -> bootstrapper.bootstrap(QUALIFIER, DeployMethod.CHANGE_SET, Map.of("aws:owner", "me")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openclaw.tags key 'aws:owner' is not a tag key");
        assertThat(MotoAws.writes(moto)).isEmpty();
    }
}
