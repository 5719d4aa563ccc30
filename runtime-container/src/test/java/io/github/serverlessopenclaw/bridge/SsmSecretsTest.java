package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The bridge's one SSM call, signed by hand, against moto's SSM (the role test runs it under moto's IAM). */
@ExtendWith(MotoExtension.class)
class SsmSecretsTest {
    @Test
    void readsASecureStringDecrypted(Moto moto) {
        try (SsmClient ssm = moto.client(SsmClient.builder())) {
            ssm.putParameter(b -> b.name("/test/ssm-secrets/token")
                    .value("s3cr3t-\"quoted\"")
                    .type(ParameterType.SECURE_STRING)
                    .overwrite(true));
        }
        assertThat(secrets(moto).apply("/test/ssm-secrets/token")).isEqualTo("s3cr3t-\"quoted\"");
    }

    @Test
    void aMissingParameterIsNamedWithSsmsErrorCode(Moto moto) {
        assertThatThrownBy(() -> secrets(moto).apply("/test/ssm-secrets/missing"))
                .hasMessage("SSM parameter /test/ssm-secrets/missing cannot be read: HTTP 400 ParameterNotFound");
    }

    static SsmSecrets secrets(Moto moto) {
        return AwsFixture.ssmSecrets(
                moto, StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)));
    }
}
