package io.github.serverlessopenclaw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The strict moto itself: a role deployed by CloudFormation, assumed, then held to its policy: an ARN-scoped
 * Allow matches its table only, a transaction needs every item action inside it, the Management API call needs
 * {@code execute-api:ManageConnections}, a Condition is ignored, and every evaluated call is recorded.
 */
class StrictIamTest {
    private static final String ROLE_TEMPLATE = """
            {"Resources":{"Probe":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"strict-probe",
              "AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
             "ProbePolicy":{"Type":"AWS::IAM::Policy","Properties":{"PolicyName":"probe","Roles":[{"Ref":"Probe"}],
              "PolicyDocument":{"Version":"2012-10-17","Statement":[
               {"Effect":"Allow","Action":["dynamodb:PutItem","dynamodb:GetItem"],
                "Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/strict-allowed",
                "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
               {"Effect":"Allow","Action":"execute-api:ManageConnections",
                "Resource":"arn:aws:execute-api:us-east-1:123456789012:abc/prod/POST/@connections/*"}]}}}}}
            """;

    @Test
    void aRoleGetsExactlyWhatItsPolicyGrantsUnderIamNames() {
        try (StrictIam strict = StrictIam.open();
                CloudFormationClient cloudFormation = strict.client(CloudFormationClient.builder());
                DynamoDbClient setup = strict.client(DynamoDbClient.builder())) {
            for (String table : new String[] {"strict-allowed", "strict-other"}) {
                setup.createTable(b -> b.tableName(table)
                        .billingMode("PAY_PER_REQUEST")
                        .keySchema(k -> k.attributeName("PK").keyType("HASH"))
                        .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S)));
            }
            cloudFormation.createStack(b -> b.stackName("strict-probe").templateBody(ROLE_TEMPLATE));
            Map<String, String> roles = strict.roles("strict-probe");
            assertThat(roles).containsOnlyKeys("Probe");
            AwsCredentialsProvider probe = strict.assume(roles.get("Probe"), "probe");

            strict.enforce();
            try (DynamoDbClient dynamo = strict.client(DynamoDbClient.builder(), probe);
                    ApiGatewayManagementApiClient api = strict.client(ApiGatewayManagementApiClient.builder(), probe)) {
                Map<String, AttributeValue> item = Map.of("PK", AttributeValue.fromS("1"));
                dynamo.putItem(b -> b.tableName("strict-allowed").item(item)); // the Condition does not apply: ignored
                assertThat(dynamo.getItem(b -> b.tableName("strict-allowed").key(item))
                                .item())
                        .isEqualTo(item);

                assertThatThrownBy(() ->
                                dynamo.putItem(b -> b.tableName("strict-other").item(item)))
                        .isInstanceOf(DynamoDbException.class)
                        .hasMessageContaining(
                                "assumed-role/strict-probe/probe is not authorized to perform: dynamodb:PutItem"
                                        + " on resource: arn:aws:dynamodb:us-east-1:123456789012:table/strict-other")
                        .extracting(
                                e -> ((DynamoDbException) e).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDeniedException");
                assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                                t -> t.put(p ->
                                        p.tableName("strict-allowed").item(Map.of("PK", AttributeValue.fromS("2")))),
                                t -> t.delete(d -> d.tableName("strict-allowed").key(item)))))
                        .hasMessageContaining(
                                "dynamodb:DeleteItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/strict-allowed");

                api.postToConnection(b -> b.connectionId("c-1").data(SdkBytes.fromUtf8String("{}")));
            }
            // the test's own reads while enforcing
            assertThat(strict.client(DynamoDbClient.builder())
                            .scan(b -> b.tableName("strict-allowed"))
                            .count())
                    .isEqualTo(1);

            assertThat(strict.calls())
                    .filteredOn(c -> c.role().equals("strict-probe"))
                    .extracting(StrictIam.IamCall::toString)
                    .containsExactly(
                            "strict-probe dynamodb:PutItem on arn:aws:dynamodb:us-east-1:123456789012:table/strict-allowed → Allow",
                            "strict-probe dynamodb:GetItem on arn:aws:dynamodb:us-east-1:123456789012:table/strict-allowed → Allow",
                            "strict-probe dynamodb:PutItem on arn:aws:dynamodb:us-east-1:123456789012:table/strict-other → ImplicitDeny",
                            "strict-probe dynamodb:PutItem on arn:aws:dynamodb:us-east-1:123456789012:table/strict-allowed → Allow",
                            "strict-probe dynamodb:DeleteItem on arn:aws:dynamodb:us-east-1:123456789012:table/strict-allowed → ImplicitDeny",
                            "strict-probe execute-api:ManageConnections on * → Allow");
            assertThatThrownBy(() -> strict.assume(roles.get("Probe"), "again"))
                    .hasMessageContaining("before enforce()");
        }
    }
}
