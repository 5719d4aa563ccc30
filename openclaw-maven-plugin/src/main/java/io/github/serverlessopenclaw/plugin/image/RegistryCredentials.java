package io.github.serverlessopenclaw.plugin.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials found as jib-maven-plugin finds them: first a settings.xml {@code <server>} whose id is the
 * registry's host ({@code host[:port]}), then Docker's own (credHelpers, credsStore and auths of
 * ~/.docker/config.json, and the well-known credential helpers), through Jib's retrievers. For the pushed image and
 * the base image alike.
 */
public final class RegistryCredentials {
    /** Anonymous, and no Docker configuration read: tests, and registries that need nothing. */
    public static final RegistryCredentials NONE = new RegistryCredentials(Map.of(), false);

    private final Map<String, Credential> servers;
    private final boolean docker;

    private RegistryCredentials(Map<String, Credential> servers, boolean docker) {
        this.servers = Map.copyOf(servers);
        this.docker = docker;
    }

    /** The settings.xml servers by id (a registry's host), then Docker's configuration. */
    public static RegistryCredentials of(Map<String, Credential> servers) {
        return new RegistryCredentials(servers, true);
    }

    /** The settings.xml server for this registry host, if any. */
    public Optional<Credential> server(String registry) {
        return Optional.ofNullable(servers.get(registry));
    }

    /** A basic Authorization header for the registry, when settings.xml has its server. */
    Optional<String> basicAuthorization(String registry) {
        return server(registry)
                .map(c -> "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (c.getUsername() + ":" + c.getPassword()).getBytes(StandardCharsets.UTF_8)));
    }

    /** The image at this reference, with every source of credentials for its registry. */
    public RegistryImage image(ImageReference reference) {
        RegistryImage image = RegistryImage.named(reference);
        server(reference.getRegistry()).ifPresent(c -> image.addCredential(c.getUsername(), c.getPassword()));
        if (docker) {
            CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, event -> {});
            image.addCredentialRetriever(factory.dockerConfig())
                    .addCredentialRetriever(factory.wellKnownCredentialHelpers());
        }
        return image;
    }
}
