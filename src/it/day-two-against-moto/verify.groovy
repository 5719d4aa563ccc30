// reset-state in dry run decided per row and changed nothing; status showed the seeded deployment.
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('openclaw reset-state (it-day-two): dry run, nothing is changed')
assert log =~ /alice\s+Running\s+\S+\s+1h00m\s+keep \(task RUNNING\)/
assert log =~ /bob\s+Starting\s+\S+\s+30m\s+would stop task, delete row \(Starting longer than 10m\)/
assert log =~ /carol\s+Running\s+0123456789abcdef\s+2h00m\s+would delete row \(task missing in ECS\)/
assert log.contains('2 action(s) would be taken; run without -Dopenclaw.dryRun to apply')

assert log.contains('openclaw status (it-day-two, us-east-1)')
assert log =~ /it-day-two-Compute\s+CREATE_COMPLETE/
assert log =~ /it-day-two-Network\s+not deployed/
assert log =~ /HttpApiEndpoint\s+https:\/\/abc123\.execute-api\.us-east-1\.amazonaws\.com/
assert log.contains('openclaw@' + SeededDeployment.IMAGE_DIGEST)
assert log.contains('Pending messages: 1')
assert log.contains('BUILD SUCCESS')

// nothing changed: all three rows are still there and both tasks still run
def deployment = new SeededDeployment(URI.create(motoEndpoint), 'it-day-two')
try {
    assert deployment.rowUsers() == ['alice', 'bob', 'carol']
} finally {
    deployment.close()
    SeededDeployment.restoreTaskTransitions(URI.create(motoEndpoint))
}
return true
