package io.github.serverlessopenclaw.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

/**
 * One SigV4-signed POST through the SDK's own signer and HTTP client, for an AWS call whose service SDK costs more
 * than the call is worth (the EC2 SDK is 26 MB in the image for one lookup). The endpoint follows the SDK's rules:
 * {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL} (emulators), else the region's public endpoint.
 */
public final class SignedCall {
    /** Larger answers are cut: every caller expects a small document. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private static final int MAX_ATTEMPTS = 3;

    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final SdkHttpClient http;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Region region;
    private final String signingName;
    private final URI endpoint;

    public SignedCall(
            SdkHttpClient http,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            Region region,
            String signingName,
            URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.signingName = signingName;
        this.endpoint = endpoint;
    }

    /**
     * The endpoint the SDK would use for a service ({@code endpointPrefix}, e.g. {@code ec2}; {@code serviceId} is
     * the SDK's upper-case id used in {@code AWS_ENDPOINT_URL_<serviceId>}, e.g. {@code EC2}).
     */
    public static URI endpoint(Map<String, String> env, String serviceId, String endpointPrefix, Region region) {
        for (String name : new String[] {Env.AWS_ENDPOINT_URL + "_" + serviceId, Env.AWS_ENDPOINT_URL}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return URI.create("https://" + ServiceMetadata.of(endpointPrefix).endpointFor(region));
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * POSTs {@code body} to the endpoint's root with the given headers (content type, target), signed for now. Like
     * the SDK's standard retry mode it tries three times, backing off, on a throttling answer or a server error.
     */
    public Response post(Map<String, String> headers, String body) {
        Response response = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            response = postOnce(headers, body);
            if (!retryable(response) || attempt == MAX_ATTEMPTS) {
                break;
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(50L << attempt, 100L << attempt)); // jittered backoff
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return response;
    }

    private static boolean retryable(Response response) {
        return response.status() >= 500
                || response.status() == 429
                || (response.status() == 400 && response.body().contains("Throttl"));
    }

    private Response postOnce(Map<String, String> headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Length", Integer.toString(bytes.length));
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials.resolveIdentity().join())
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                            .request(signed.request())
                            .contentStreamProvider(signed.payload().orElse(null))
                            .build())
                    .call();
            String text = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    text = new String(in.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
                }
            }
            return new Response(response.httpResponse().statusCode(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(signingName + " at " + endpoint + " is not reachable: " + e.getMessage(), e);
        }
    }
}
