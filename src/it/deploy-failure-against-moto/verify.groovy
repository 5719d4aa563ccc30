// The failed deploy named the resource and the reason and exited non-zero; once the cause is gone, the
// same command converges (the failed stack is deleted and created again), and destroy cleans up.
import io.github.serverlessopenclaw.common.Table
import io.github.serverlessopenclaw.plugin.fixtures.MavenRun
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment
import io.github.serverlessopenclaw.plugin.pipeline.DeployPipeline
import software.amazon.awssdk.services.cloudformation.CloudFormationClient
import software.amazon.awssdk.services.dynamodb.DynamoDbClient

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log =~ /it-fail-Storage failed: (ROLLBACK_COMPLETE: )?\S+ \(AWS::DynamoDB::Table\) CREATE_FAILED: ResourceInUseException: Table already exists: it-fail-TaskState/
assert log.contains('run mvn openclaw:deploy again')
assert log.contains(DeployPipeline.label('stacks') + '     FAILED after') : 'the stacks step must say it failed'
assert !log.contains(DeployPipeline.label('web')) : 'no step after stacks may start'

def deployment = new SeededDeployment(URI.create(motoEndpoint), 'it-fail')
deployment.client(DynamoDbClient.builder()).withCloseable { it.deleteTable { t -> t.tableName(deployment.names().table(Table.TASK_STATE)) } }

def maven = new MavenRun(basedir, localRepositoryPath, [AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-east-1', ANTHROPIC_API_KEY: 'sk-ant-it-fail-5d1f0f3c9a7d5b1e4c2a8d6f0b9e3a7c',
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20'])
def again = maven.run('deploy-again', "-Dopenclaw.endpoint=${motoEndpoint}".toString(), goalPrefix + 'deploy')
assert again.succeeded() : again.log()
assert again.log().contains('it-fail-Storage: is ROLLBACK_COMPLETE from an earlier create that did not finish; deleting it to create it again')
assert again.log() =~ /\[6\/9\] stacks\s+1 created/
assert again.log() =~ /\[7\/9\] web\s+skipped: it-fail-Web is not deployed in this run/
def cloudFormation = deployment.client(CloudFormationClient.builder())
assert cloudFormation.describeStacks { it.stackName('it-fail-Storage') }.stacks()[0].stackStatusAsString() == 'CREATE_COMPLETE'

def destroyed = maven.run('destroy', "-Dopenclaw.endpoint=${motoEndpoint}".toString(), '-Dopenclaw.confirm=it-fail', goalPrefix + 'destroy')
assert destroyed.succeeded() : destroyed.log()
return true
