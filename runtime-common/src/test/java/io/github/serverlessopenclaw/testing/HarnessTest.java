package io.github.serverlessopenclaw.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The harness itself: moto answers real SDK calls, records them, resets; the registry serves /v2/. */
@ExtendWith({MotoExtension.class, RegistryExtension.class})
class HarnessTest {

    @Test
    void motoServesSdkCallsAndRecordsThem(Moto moto) {
        try (S3Client s3 = moto.client(S3Client.builder());
                SsmClient ssm = moto.client(SsmClient.builder())) {
            s3.createBucket(b -> b.bucket("harness-bucket"));
            s3.putObject(b -> b.bucket("harness-bucket").key("k"), RequestBody.fromString("v"));
            ssm.putParameter(b -> b.name("/harness/p").value("x").type(ParameterType.SECURE_STRING));
            assertThat(s3.listObjectsV2(b -> b.bucket("harness-bucket")).contents())
                    .hasSize(1);

            assertThat(moto.recordedRequests())
                    .extracting(Moto.RecordedRequest::operation)
                    .contains("PutParameter");
            assertThat(moto.recordedRequests())
                    .filteredOn(Moto.RecordedRequest::isWrite)
                    .hasSize(3);

            moto.reset();
            assertThat(s3.listBuckets().buckets()).isEmpty();
            assertThat(moto.recordedRequests()).hasSize(1); // only the ListBuckets just made
        }
    }

    @Test
    void registryAnswersTheV2Api(LocalRegistry registry) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + registry.address() + "/v2/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Distribution-Api-Version"))
                .hasValue("registry/2.0");
    }
}
