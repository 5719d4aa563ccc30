package io.github.serverlessopenclaw.plugin.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.deploy.DeployException;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.image.ImageException;
import java.net.UnknownHostException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one table from failure to sentence: what each kind of failure tells the user, and that the cause stays. */
class HelpfulSuggestionsTest {

    private static AwsServiceException aws(String code, int status) {
        return AwsServiceException.builder()
                .statusCode(status)
                .message(code + " message")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("the " + code + " text")
                        .serviceName("CloudFormation")
                        .build())
                .build();
    }

    @Test
    void expiredOrInvalidCredentialsGiveTheDoctorsFixEvenUnderADeployStep() {
        DeployException step = new DeployException("stacks failed", aws("ExpiredToken", 400));
        assertThat(HelpfulSuggestions.sentence(step))
                .contains("The AWS credentials were refused (ExpiredToken: the ExpiredToken text): "
                        + Doctor.CREDENTIALS_FIX);
        SdkClientException sso =
                SdkClientException.create("Unable to load credentials from any of the providers in the chain."
                        + " The SSO session associated with this profile has expired or is otherwise invalid.");
        assertThat(HelpfulSuggestions.sentence(sso))
                .hasValueSatisfying(s -> assertThat(s)
                        .startsWith(
                                "No usable AWS credentials (Unable to load credentials from any of the providers in the chain)")
                        .endsWith(Doctor.CREDENTIALS_FIX));
    }

    @Test
    void aRefusedCallNamesThePermissionsAndAnUnreachableEndpointTheNetwork() {
        assertThat(HelpfulSuggestions.sentence(aws("AccessDenied", 403)))
                .hasValueSatisfying(s -> assertThat(s)
                        .startsWith("CloudFormation refused the call (AccessDenied: the AccessDenied text)")
                        .contains("What the CI role needs"));
        SdkClientException dns = SdkClientException.create(
                "Unable to execute HTTP request", new UnknownHostException("cloudformation.xx"));
        assertThat(HelpfulSuggestions.sentence(dns))
                .hasValueSatisfying(
                        s -> assertThat(s).startsWith("AWS is not reachable").contains("openclaw.region"));
        assertThat(HelpfulSuggestions.sentence(aws("ValidationError", 400)))
                .contains("CloudFormation refused the call (ValidationError: the ValidationError text)");
    }

    @Test
    void theRegistryRefusalIsAboutCredentialsNotConfiguration() {
        ImageException push = new ImageException(
                "the registry refused the image",
                new RegistryAuthenticationFailedException("localhost:5000", "openclaw", "401 Unauthorized"));
        assertThat(HelpfulSuggestions.sentence(push))
                .hasValueSatisfying(s -> assertThat(s)
                        .startsWith("Signing in to localhost:5000 failed")
                        .contains("<server> to settings.xml")
                        .contains("credential helper"));
    }

    @Test
    void userErrorsKeepTheirMessageAndTheCauseAndABugAsksForDashE() {
        Exception user = HelpfulSuggestions.forMaven(
                "openclaw:synth", new ConfigurationException("openclaw.cpu 3 is not a Fargate size"));
        assertThat(user)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("openclaw.cpu 3 is not a Fargate size")
                .hasCauseInstanceOf(ConfigurationException.class);
        Exception bug = HelpfulSuggestions.forMaven("openclaw:deploy", new NullPointerException("x is null"));
        assertThat(bug)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith(
                        "openclaw:deploy failed unexpectedly (java.lang.NullPointerException: x is null)")
                .hasMessageContaining("-e")
                .hasCauseInstanceOf(NullPointerException.class);
    }
}
