// A table left over from an earlier install (a retained table, or one made by hand) with the very name the
// Storage stack creates: the kind of conflict that fails a real CloudFormation create.
import io.github.serverlessopenclaw.common.Table
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment
import software.amazon.awssdk.services.dynamodb.DynamoDbClient

assert motoEndpoint : 'run through scripts/test (it passes -Dopenclaw.test.motoEndpoint)'
def deployment = new SeededDeployment(URI.create(motoEndpoint), 'it-fail')
deployment.client(DynamoDbClient.builder()).withCloseable { dynamo ->
    dynamo.createTable { t -> t.tableName(deployment.names().table(Table.TASK_STATE)).billingMode('PAY_PER_REQUEST')
            .attributeDefinitions { it.attributeName('leftover').attributeType('S') }
            .keySchema { it.attributeName('leftover').keyType('HASH') } }
}
return true
