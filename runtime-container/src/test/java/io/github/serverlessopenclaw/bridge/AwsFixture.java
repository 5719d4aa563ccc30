package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.SignedCall;
import io.github.serverlessopenclaw.testing.Await;
import io.github.serverlessopenclaw.testing.Moto;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.s3.S3Client;

/** The bridge's AWS side on moto: the three tables it uses, the data bucket, clients. */
final class AwsFixture {
    static final String CONVERSATIONS = "test-Conversations";
    static final String TASK_STATE = "test-TaskState";
    static final String PENDING = "test-PendingMessages";
    static final String BUCKET = "test-data";

    private AwsFixture() {}

    static AwsServices services(Moto moto) {
        return new AwsServices(
                moto.client(DynamoDbClient.builder()),
                moto.client(S3Client.builder()),
                publicIps(
                        moto,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY))),
                callback -> moto.configure(ApiGatewayManagementApiClient.builder())
                        .endpointOverride(callback)
                        .build());
    }

    /** The bridge's EC2 lookup against moto, signed with {@code credentials} (role-tests: the task role's). */
    static PublicIpLookup publicIps(Moto moto, AwsCredentialsProvider credentials) {
        return new PublicIpLookup(() ->
                new SignedCall(UrlConnectionHttpClient.create(), credentials, Moto.REGION, "ec2", moto.endpoint()));
    }

    /** The bridge's SSM reader against moto, signed with {@code credentials} (role-tests: the task role's). */
    static SsmSecrets ssmSecrets(Moto moto, AwsCredentialsProvider credentials) {
        return new SsmSecrets(
                new SignedCall(UrlConnectionHttpClient.create(), credentials, Moto.REGION, "ssm", moto.endpoint()));
    }

    /** moto's ENI for {@code privateIp} in a new VPC, with an Elastic IP (moto-capabilities §1); returns the public IP. */
    static String attachPublicIp(Moto moto, String privateIp) {
        try (Ec2Client ec2 = moto.client(Ec2Client.builder())) {
            String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.0.0/24"))
                    .subnet()
                    .subnetId();
            String eni = ec2.createNetworkInterface(b -> b.subnetId(subnet).privateIpAddress(privateIp))
                    .networkInterface()
                    .networkInterfaceId();
            var address = ec2.allocateAddress(b -> b.domain(DomainType.VPC));
            ec2.associateAddress(b -> b.allocationId(address.allocationId()).networkInterfaceId(eni));
            return address.publicIp();
        }
    }

    static void create(AwsServices aws) {
        table(aws.dynamo(), CONVERSATIONS, true);
        table(aws.dynamo(), TASK_STATE, false);
        table(aws.dynamo(), PENDING, true);
        aws.s3().createBucket(b -> b.bucket(BUCKET));
    }

    private static void table(DynamoDbClient dynamo, String name, boolean sortKey) {
        dynamo.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (sortKey) {
                b.attributeDefinitions(attribute("PK"), attribute("SK"))
                        .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE));
            } else {
                b.attributeDefinitions(attribute("PK")).keySchema(key("PK", KeyType.HASH));
            }
        });
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The bridge deletes a pending message after its reply is handed over, so a test waits for it. */
    static void awaitPendingEmpty(AwsServices aws) {
        Await.await(
                () -> aws.dynamo().scan(b -> b.tableName(PENDING)).items(),
                List::isEmpty,
                Duration.ofSeconds(30),
                "the pending messages to be deleted");
    }

    static URI uri(String value) {
        return URI.create(value);
    }
}
