package io.github.serverlessopenclaw.plugin.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryImage;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registry given by address ({@code openclaw.registry}): a mirror, or the local registry in tests.
 * Anonymous access; {@code insecure} allows plain HTTP (loopback test registries).
 */
public final class PlainRegistry implements ImageRepository {
    /** Every manifest type: with fewer, registry 2.8 converts a v2 manifest to schema 1 or hides OCI ones. */
    public static final String MANIFEST_ACCEPT = String.join(
            ", ",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.-]+(:\\d+)?");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*");

    private final String host;
    private final String repository;
    private final boolean insecure;
    private final RegistryCredentials credentials;
    // no proxy given: the JDK client takes the JVM's (settings.xml <proxies> set it, or -Dhttps.proxyHost)
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public PlainRegistry(String host, String repository, boolean insecure) {
        this(host, repository, insecure, RegistryCredentials.NONE);
    }

    public PlainRegistry(String host, String repository, boolean insecure, RegistryCredentials credentials) {
        if (host == null || !ADDRESS.matcher(host).matches()) {
            throw new ConfigurationException(
                    PropertyNames.REGISTRY + " '" + host + "' is not a registry address: use host[:port],"
                            + " for example " + PropertyNames.flag(PropertyNames.REGISTRY) + "=127.0.0.1:5000");
        }
        if (repository == null || !REPOSITORY.matcher(repository).matches()) {
            throw new ConfigurationException("image repository '" + repository
                    + "' is not valid: use lowercase letters," + " digits and . _ - / separators, e.g. "
                    + PropertyNames.flag(PropertyNames.IMAGE_REPOSITORY) + "=serverless-openclaw");
        }
        this.host = host;
        this.repository = repository;
        this.insecure = insecure;
        this.credentials = credentials;
    }

    @Override
    public String imageName() {
        return host + "/" + repository;
    }

    @Override
    public Optional<String> existingDigest(String tag) {
        HttpResponse<Void> response = send(
                manifestRequest(tag).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            // unreadable (e.g. the registry wants credentials): build and let the push report the problem
            return Optional.empty();
        }
        return response.headers().firstValue("Docker-Content-Digest");
    }

    @Override
    public List<Blob> layers(String tag) {
        HttpResponse<String> response = send(manifestRequest(tag).GET(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return List.of();
        }
        return Blob.layersOf(response.body());
    }

    @Override
    public RegistryImage target(String tag) {
        try {
            return credentials.image(ImageReference.parse(imageName() + ":" + tag));
        } catch (InvalidImageReferenceException e) {
            throw new ConfigurationException(
                    "'" + imageName() + ":" + tag + "' is not a valid image reference: " + e.getMessage());
        }
    }

    @Override
    public boolean insecure() {
        return insecure;
    }

    private HttpRequest.Builder manifestRequest(String tag) {
        String scheme = insecure ? "http" : "https";
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(scheme + "://" + host + "/v2/" + repository + "/manifests/" + tag))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", MANIFEST_ACCEPT);
        credentials.basicAuthorization(host).ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new ImageException(
                    "registry " + host + " is not reachable (" + e.getMessage() + "); check "
                            + PropertyNames.flag(PropertyNames.REGISTRY) + " and the proxy (settings.xml <proxies>)"
                            + (insecure
                                    ? ""
                                    : ", or add " + PropertyNames.flag(PropertyNames.REGISTRY_INSECURE, true)
                                            + " for plain HTTP"),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while asking the registry", e);
        }
    }
}
