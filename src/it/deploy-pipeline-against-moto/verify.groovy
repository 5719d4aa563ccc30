// The seed guide's "deployment complete" checklist on moto + a real registry, in five builds:
// 1. fresh deploy (the invoker's build): every step; outputs.json, site bucket, image in the registry;
// 2. user-create, status, reset-state -Dopenclaw.dryRun on what was deployed;
// 3. redeploy unchanged: moto's request recorder sees no write at all, the registry gets no blob;
//    synth + diff then find no difference;
// 3b. the agent folder changes (one line of AGENTS.md): only that file and the folder's manifest are uploaded,
//    only Compute updates, a container still running the old task definition is stopped; then a no-op again;
// 4. bridge code changed: a deploy killed half-way, then one that converges: a new digest is pushed, only
//    Compute updates, an old-image container is stopped and its TaskState row cleared;
// 5. destroy: no stack of the app is left.
import groovy.json.JsonSlurper
import io.github.serverlessopenclaw.plugin.fixtures.MavenRun
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment
import io.github.serverlessopenclaw.plugin.outputs.OutputKey
import io.github.serverlessopenclaw.plugin.pipeline.DeployPipeline
import io.github.serverlessopenclaw.testing.Moto
import java.nio.file.FileSystems
import java.nio.file.Files
import java.time.Instant
import software.amazon.awssdk.services.cloudformation.CloudFormationClient
import software.amazon.awssdk.services.s3.S3Client

def secretValues = ['sk-ant-it-e2e-0f3c9a7d5b1e4c2a8d6f0b9e3a7c5d1f', '424242:AAHitE2eTokenValue0123456789abcdefg']
def app = 'it-e2e'
def stacks = ['Network', 'Storage', 'Auth', 'Compute', 'Api', 'Web']
def moto = Moto.get() // the shared moto_server scripts/test started (openclaw.test.motoEndpoint)
def maven = new MavenRun(basedir, localRepositoryPath, [
        AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1',
        ANTHROPIC_API_KEY: secretValues[0], TELEGRAM_BOT_TOKEN: secretValues[1],
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20'])
def props = ["-Dopenclaw.endpoint=${motoEndpoint}", "-Dopenclaw.test.registry=${registry}"]*.toString()
def run = { String name, List<String> goals, boolean expectSuccess = true ->
    def result = maven.run(name, *(props + goals.collect { it.contains(':') || it.startsWith('-') ? it : goalPrefix + it }))
    secretValues.each { assert !result.log().contains(it) : "${name}.log shows a secret value" }
    assert result.succeeded() == expectSuccess : "${name} exit ${result.exitCode()}:\n${result.log()}"
    return result.log()
}
def steps = DeployPipeline.STEP_NAMES
// a step's closing line: [i/n] <step> <summary> (<seconds> s); group 1 the summary, group 2 the seconds
def stepGroup = { String log, String step, int group -> (log =~ /${java.util.regex.Pattern.quote(DeployPipeline.label(step))}\s+(.+) \((\d+\.\d) s\)/).with { it.find() ? it.group(group) : null } }
def stepLine = { String log, String step -> stepGroup(log, step, 1) }
def seconds = { String log -> steps.collect { step -> "${step} ${stepGroup(log, step, 2) ?: '?'} s" } }
def cloudFormation = new SeededDeployment(URI.create(motoEndpoint), app).client(CloudFormationClient.builder())
def stackStatus = { String id -> try { cloudFormation.describeStacks { it.stackName("${app}-${id}") }.stacks()[0].stackStatusAsString() } catch (e) { 'absent' } }
def blobs = { -> registryStorage ? Files.walk(new File(registryStorage).toPath()).withCloseable { s -> s.filter { it.fileName.toString() == 'data' }.count() } : -1 }

// 1. fresh deploy
def first = new File(basedir, 'build.log').getText('UTF-8')
secretValues.each { assert !first.contains(it) : 'build.log shows a secret value' }
steps.each { assert stepLine(first, it) != null : "no line for step ${it}" }
assert stepLine(first, 'secrets') =~ /^\d+ written; provider keys: anthropic-api-key$/
assert stepLine(first, 'image').startsWith('pushed 127.0.0.1')
assert stepLine(first, 'synth') == '6 stacks, 5 asset(s)' // the Lambda jar, 3 agent files, the agent manifest
assert stepLine(first, 'stacks').contains('6 created')
assert stepLine(first, 'web') =~ /^\d+ uploaded, 0 unchanged/
assert first =~ /Your OpenClaw web UI: https:\/\/\S+/
assert first.contains('mvn openclaw:user-create -Dopenclaw.email=you@example.com')
assert first.contains('mvn openclaw:telegram')
stacks.each { assert stackStatus(it) == 'CREATE_COMPLETE' }
def outputs = new JsonSlurper().parse(new File(basedir, 'target/openclaw/outputs.json'))
def flat = outputs.values().collectEntries { it }
OutputKey.values().each { assert flat[it.name()] : "outputs.json has no ${it}" }
def image = new JsonSlurper().parse(new File(basedir, 'target/openclaw/image.json'))
assert image.imageName == "${registry}/${app}"
def s3 = new SeededDeployment(URI.create(motoEndpoint), app).client(S3Client.builder().forcePathStyle(true))
assert s3.getObjectAsBytes { it.bucket(flat.SiteBucket).key('index.html') }.asUtf8String().contains('<html')
def config = new JsonSlurper().parseText(s3.getObjectAsBytes { it.bucket(flat.SiteBucket).key('config.json') }.asUtf8String())
assert config.cognitoUserPoolId == flat.UserPoolId && config.cognitoClientId == flat.UserPoolClientId
assert config.webSocketUrl == flat.WebSocketApiEndpoint && config.telegramBotName == 'it_e2e_bot'

// 2. day two on the deployed app
def dayTwo = run('day-two', ['user-create', '-Dopenclaw.email=alice@example.com', '-Dopenclaw.passwordFile=target/alice.password',
                             'status', 'reset-state', '-Dopenclaw.dryRun'])
assert dayTwo.contains('Created user alice@example.com')
// the generated password is in an owner-only file, never in the build log
def passwordFile = new File(basedir, 'target/alice.password').toPath()
assert java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)) == 'rw-------'
assert !dayTwo.contains(Files.readString(passwordFile).trim())
assert dayTwo =~ /it-e2e-Compute\s+CREATE_COMPLETE/
assert dayTwo.contains("${app}-Web")
assert dayTwo.contains('openclaw reset-state (it-e2e): dry run, nothing is changed')

// 3. redeploy with nothing changed: no write call to moto (STS AssumeRole, which only hands out the
//    toolkit roles' credentials, is not one), no blob to the registry
int before = moto.recordedRequests().size()
long blobsBefore = blobs()
def noop = run('redeploy', ['deploy'])
def writes = moto.recordedRequests().drop(before).findAll { it.isWrite() && it.operation() != 'AssumeRole' }
assert writes.isEmpty() : "a no-op redeploy wrote: ${writes.collect { it.service() + ' ' + it.method() + ' ' + it.operation() + ' ' + it.url() }}"
assert blobs() == blobsBefore
assert stepLine(noop, 'image').startsWith('already pushed')
assert stepLine(noop, 'synth').startsWith('inputs unchanged, reused ')
assert stepLine(noop, 'stacks') == '6 unchanged (skipped)'
assert noop.contains('Nothing changed (no stack, secret, image or web file was written)')
def diff = run('diff', ['synth', 'diff'])
stacks.each { assert diff.contains("${app}-${it}: no differences") }

// 3b. the agent folder changes: one line more in AGENTS.md
//    moto cannot RunTask the real task definition (it wants container-level memory, moto-capabilities.md),
//    so an old container runs a seeded revision of the same family (older than the one this deploy makes)
def seeded = new SeededDeployment(URI.create(motoEndpoint), app).prepareNetwork()
def carolTask = seeded.runTask('carol', seeded.registerTaskDefinition(image.digest))
seeded.putRow('carol', 'Running', carolTask, Instant.now().minusSeconds(600))
def agentsMd = new File(basedir, 'src/main/openclaw/workspace/AGENTS.md')
// the object keys of the Compute stack's assets (agent files, agent manifest, template) as synthesized
def computeKeys = { -> new JsonSlurper().parse(new File(basedir, 'target/openclaw/cdk.out/Compute.assets.json')).files
        .values().collectMany { it.destinations.values()*.objectKey } as Set }
def keysBefore = computeKeys()
agentsMd.append('Sign every answer with "-- the IT agent".\n')
int beforeAgent = moto.recordedRequests().size()
def agentChange = run('agent-change', ['deploy'])
def agentWrites = moto.recordedRequests().drop(beforeAgent).findAll { it.isWrite() && it.operation() != 'AssumeRole' }
def uploads = agentWrites.findAll { it.service() == 's3' && it.method() == 'PUT' }.collect { it.url().replaceFirst(/\?.*/, '') }
def newKeys = computeKeys() - keysBefore
assert newKeys.size() == 3 : "one changed file: its object, the agent manifest and the Compute template are new, nothing else: ${newKeys}"
assert uploads.size() == newKeys.size() && newKeys.every { key -> uploads.any { it.endsWith('/' + key) } } :
        "an AGENTS.md change uploads only what changed (${newKeys}), not ${uploads}"
assert stepLine(agentChange, 'image').startsWith('already pushed')
assert agentChange =~ /it-e2e-Compute\s+updated/
['Network', 'Storage', 'Auth', 'Api', 'Web'].each { assert agentChange =~ /it-e2e-${it}\s+unchanged \(skipped\)/ }
assert stepLine(agentChange, 'web') =~ /^0 uploaded/
assert stepLine(agentChange, 'containers') =~ /^1 outdated/
assert seeded.lastStatus(carolTask) in ['STOPPED', 'DEACTIVATING', 'STOPPING']
assert !seeded.rowUsers().contains('carol')
int beforeAgentNoop = moto.recordedRequests().size()
def agentNoop = run('agent-noop', ['deploy'])
def agentNoopWrites = moto.recordedRequests().drop(beforeAgentNoop).findAll { it.isWrite() && it.operation() != 'AssumeRole' }
assert agentNoopWrites.isEmpty() : "a no-op redeploy after the agent change wrote: ${agentNoopWrites.collect { it.operation() + ' ' + it.url() }}"
assert agentNoop.contains('Nothing changed')

// 4. the bridge changes: a container still running the old image is stopped and its row cleared
def oldTask = seeded.runTask('bob', seeded.registerTaskDefinition(image.digest))
seeded.putRow('bob', 'Running', oldTask, Instant.now().minusSeconds(600))
def bridgeJar = Files.list(basedir.toPath().resolve('bridge')).find { it.fileName.toString().startsWith('openclaw-runtime-container-') }
FileSystems.newFileSystem(bridgeJar).withCloseable { Files.writeString(it.getPath('/it-e2e-change.txt'), 'a bridge change\n') }
//    the first try is killed while it builds the image (a cancelled CI job); the next run converges
def killed = maven.runAndKill('bridge-change-killed', ~/${java.util.regex.Pattern.quote(DeployPipeline.label('image'))} \.\.\./, *(props + [goalPrefix + 'deploy']))
assert !killed.succeeded() && stepLine(killed.log(), 'image') == null
def changed = run('bridge-change', ['deploy'])
def newImage = new JsonSlurper().parse(new File(basedir, 'target/openclaw/image.json'))
assert newImage.digest != image.digest
assert stepLine(changed, 'image').startsWith("pushed ${registry}/${app}@${newImage.digest}")
assert stepLine(changed, 'synth') == '6 stacks, 5 asset(s)' // a new digest is a new input
assert changed =~ /it-e2e-Compute\s+updated/
['Network', 'Storage', 'Auth', 'Web'].each { assert changed =~ /it-e2e-${it}\s+unchanged \(skipped\)/ }
assert stepLine(changed, 'containers') =~ /^1 outdated/
assert seeded.lastStatus(oldTask) in ['STOPPED', 'DEACTIVATING', 'STOPPING']
assert !seeded.rowUsers().contains('bob')
SeededDeployment.restoreTaskTransitions(URI.create(motoEndpoint))

// 5. destroy
run('destroy', ['destroy', "-Dopenclaw.confirm=${app}".toString()])
stacks.each { assert stackStatus(it) in ['absent', 'DELETE_COMPLETE'] : "${it} is ${stackStatus(it)} after destroy" }

println "deploy step times, fresh:  ${seconds(first)}"
println "deploy step times, no-op:  ${seconds(noop)}"
println "deploy step times, agent:  ${seconds(agentChange)}"
println "deploy step times, bridge: ${seconds(changed)}"
return true
