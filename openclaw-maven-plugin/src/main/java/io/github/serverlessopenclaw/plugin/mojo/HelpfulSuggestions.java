package io.github.serverlessopenclaw.plugin.mojo;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.DeployException;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.image.ImageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place where a failure reaching the mojo boundary becomes one sentence with its fix, as Jib's
 * HelpfulSuggestions does. The cause is always kept: Maven prints it with {@code -e}, never without.
 * A failure the user can fix (configuration, credentials, permissions, network, registry) is a
 * {@link MojoFailureException}; anything else is a bug, reported as a {@link MojoExecutionException} that asks for
 * {@code -e}.
 */
final class HelpfulSuggestions {
    /** AWS error codes that mean the credentials themselves are missing, wrong or expired. */
    private static final Set<String> CREDENTIAL_CODES = Set.of(
            "ExpiredToken",
            "ExpiredTokenException",
            "InvalidClientTokenId",
            "UnrecognizedClientException",
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "InvalidSignatureException",
            "RequestExpired",
            "UnauthorizedException",
            "InvalidGrantException");
    /** Phrases of the SDK's credential providers when no usable credentials exist (no request was sent). */
    private static final Set<String> CREDENTIAL_PHRASES = Set.of(
            "unable to load credentials",
            "unable to load an sso token",
            "token is expired",
            "session associated with this profile has expired",
            "sso session",
            "the security token included",
            "profile file contained no credentials",
            "unable to load a token",
            "failed to load credentials");

    private static final Set<String> ACCESS_CODES = Set.of(
            "AccessDenied",
            "AccessDeniedException",
            "UnauthorizedOperation",
            "AuthorizationError",
            "AuthorizationErrorException");

    private HelpfulSuggestions() {}

    /** The failure as Maven reports it: the sentence with the fix, the original as the cause. */
    static Exception forMaven(String goal, RuntimeException failure) {
        Optional<String> sentence = sentence(failure);
        if (sentence.isPresent()) {
            return new MojoFailureException(sentence.get(), failure);
        }
        return new MojoExecutionException(
                goal + " failed unexpectedly (" + failure + "); run again with -e for the stack"
                        + " trace and report it",
                failure);
    }

    /**
     * The sentence for a failure the user can fix; empty for an unexpected one. What names the fix best wins:
     * credentials, permissions, network and registry refusals anywhere in the causes first (a deploy step that failed
     * on expired credentials needs the credentials fix), then the plugin's own message, then AWS's own.
     */
    static Optional<String> sentence(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain.stream()
                .map(HelpfulSuggestions::specific)
                .flatMap(Optional::stream)
                .findFirst()
                .or(() -> chain.stream()
                        .filter(HelpfulSuggestions::ours)
                        .map(Throwable::getMessage)
                        .findFirst())
                .or(() -> chain.stream()
                        .filter(AwsServiceException.class::isInstance)
                        .map(t -> refused((AwsServiceException) t))
                        .findFirst());
    }

    private static boolean ours(Throwable t) {
        return t instanceof ConfigurationException
                || t instanceof DeployException
                || t instanceof ImageException
                || t instanceof IllegalArgumentException;
    }

    private static Optional<String> specific(Throwable t) {
        if (t instanceof AwsServiceException aws) {
            return credentialsOrAccess(aws);
        }
        if (t instanceof SdkClientException client) {
            return client(client);
        }
        if (t instanceof RegistryUnauthorizedException refused) {
            return Optional.of(
                    "The registry refused access to " + refused.getImageReference() + ": " + REGISTRY_CREDENTIALS_FIX);
        }
        if (t instanceof RegistryAuthenticationFailedException failed) {
            return Optional.of("Signing in to " + failed.getServerUrl() + " failed (" + failed.getMessage() + "): "
                    + REGISTRY_CREDENTIALS_FIX);
        }
        if (t instanceof InsecureRegistryException) {
            return Optional.of("The registry does not answer HTTPS with a trusted certificate (" + t.getMessage()
                    + "): for a" + " local registry set " + PropertyNames.flag(PropertyNames.REGISTRY_INSECURE, true));
        }
        if (t instanceof RegistryException registry) {
            return Optional.of("The registry refused the image: " + registry.getMessage() + "; check "
                    + PropertyNames.REGISTRY + " and " + PropertyNames.IMAGE_REPOSITORY
                    + " (for ECR: the caller needs ecr:* on"
                    + " the repository)");
        }
        return Optional.empty();
    }

    static final String REGISTRY_CREDENTIALS_FIX = "add a <server> to settings.xml whose <id> is the registry's host"
            + " (host:port) with <username> and <password>, or configure a Docker credential helper for it"
            + " (credHelpers in ~/.docker/config.json)";

    private static Optional<String> credentialsOrAccess(AwsServiceException e) {
        String code = code(e);
        if (CREDENTIAL_CODES.contains(code)) {
            return Optional.of(
                    "The AWS credentials were refused (" + code + ": " + message(e) + "): " + Doctor.CREDENTIALS_FIX);
        }
        if (ACCESS_CODES.contains(code) || e.statusCode() == 403) {
            return Optional.of(service(e) + " refused the call (" + code + ": " + message(e) + "): the caller needs the"
                    + " permissions the README lists under \"What the CI role needs\" (docs/iam)");
        }
        return Optional.empty();
    }

    private static String refused(AwsServiceException e) {
        return service(e) + " refused the call (" + code(e) + ": " + message(e) + ")";
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null
                ? ""
                : String.valueOf(e.awsErrorDetails().errorCode());
    }

    private static String service(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().serviceName() == null
                ? "AWS"
                : e.awsErrorDetails().serviceName();
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage()
                : e.getMessage();
    }

    private static Optional<String> client(SdkClientException e) {
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (CREDENTIAL_PHRASES.stream().anyMatch(text::contains)) {
            return Optional.of(
                    "No usable AWS credentials (" + firstSentence(e.getMessage()) + "): " + Doctor.CREDENTIALS_FIX);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException
                    || t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return Optional.of(
                        "AWS is not reachable (" + t + "): check the network and the proxy (settings.xml <proxies>),"
                                + " " + PropertyNames.REGION + " and " + PropertyNames.ENDPOINT);
            }
        }
        return Optional.empty();
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "no detail";
        }
        int end = message.indexOf(". ");
        return end > 0 ? message.substring(0, end) : message;
    }
}
