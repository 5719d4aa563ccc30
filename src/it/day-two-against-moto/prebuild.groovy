// Seeds a deployment named it-day-two on moto (stacks with outputs, tables, cluster, tasks, rows) through
// the plugin's test fixture, which uses the real AWS SDK; see SeededDeployment for the moto workarounds.
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment
import java.time.Instant

assert motoEndpoint : 'run through scripts/test (it passes -Dopenclaw.test.motoEndpoint)'
def deployment = new SeededDeployment(URI.create(motoEndpoint), 'it-day-two').seed()
try {
    deployment.putRow('alice', 'Running', deployment.runTask('alice'), Instant.now().minusSeconds(3600))
    deployment.putRow('bob', 'Starting', deployment.runTask('bob'), Instant.now().minusSeconds(1800))
    deployment.putRow('carol', 'Running', 'arn:aws:ecs:us-east-1:123456789012:task/it-day-two/0123456789abcdef',
            Instant.now().minusSeconds(7200))
    deployment.putPendingMessage('bob', 1L)
} finally {
    deployment.close()
}
return true
