// `mvn openclaw:run` through Maven as a user runs it: the plugin from this IT's local repository, its parameters from
// this project's pom (appName, email, model) and its agent folder, no AWS_* variable and no ~/.aws (user.home is an
// empty folder; the image cache is passed as it lives). Waits for the line that says the chat is usable, checks the
// web UI's config.json, the HTTP API's JWT authorizer and the WebSocket $connect (answered by the real ws-connect
// Lambda), then Ctrl-C (SIGINT): the goal stops every part it started and saves the state for the next run.
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.WebSocket
import java.net.http.WebSocketHandshakeException
import java.util.concurrent.ExecutionException
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

def fail = { String why -> throw new AssertionError(why) }
File log = new File(basedir, 'run.log')
File home = new File(basedir, 'home')
home.mkdirs()
String realHome = System.getProperty('user.home')
String mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
File settings = new File(basedir.parentFile, 'interpolated-settings.xml')
assert settings.isFile(): "the invoker's settings (src/it/settings.xml with this build's repository) at ${settings}"
// SIGINT back to its default disposition: a build started in the background of a non-interactive shell hands its
// children SIGINT ignored, and a JVM that starts with SIGINT ignored keeps it so (no shutdown hooks, Ctrl-C is lost)
List<String> command = ['env', '--default-signal=INT', mvn, '-B', '-e', '-s', settings.path,
                        "-Dmaven.repo.local=${localRepositoryPath}".toString(), "${goalPrefix}run".toString(),
                        '-Dopenclaw.run.port=0',
                        "-Dopenclaw.cacheDirectory=${realHome}/.cache/serverless-openclaw".toString()]
ProcessBuilder builder = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true)
builder.environment().keySet().removeIf { it.startsWith('AWS_') }
builder.environment().put('MAVEN_OPTS', "-Duser.home=${home}".toString()) // the SDK's ~/.aws/* is read from user.home
builder.environment().put('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20')
assert !builder.environment().keySet().any { it.startsWith('AWS_') }
assert !new File(home, '.aws').exists()

Process maven = builder.start()
def lines = new LinkedBlockingQueue<String>()
Thread reader = Thread.start {
    log.withWriter('UTF-8') { w ->
        maven.inputStream.eachLine('UTF-8') { line -> w.writeLine(line); w.flush(); lines.put(line) }
    }
    lines.put('<<end>>')
}
List<String> seen = []
def waitFor = { String what, long seconds, Closure<Boolean> match ->
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
    while (true) {
        long left = deadline - System.nanoTime()
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null
        if (line == null || line == '<<end>>') {
            fail("no ${what} within ${seconds} s (see ${log}); last lines:\n" + seen.takeRight(40).join('\n'))
        }
        seen << line
        if (match(line)) {
            return line
        }
    }
}

List<ProcessHandle> started = []
try {
    String ready = waitFor('"chat ready" line', 1500) { it.contains('chat ready at ') }
    def m = ready =~ /chat ready at (http:\/\/localhost:\d+) in ([\d.]+) s/
    assert m.find(): ready
    String web = m.group(1)
    println "openclaw:run through Maven to a usable chat: ${m.group(2)} s"
    String all = seen.join('\n')
    // each part with its address and time
    ['moto', 'templates', 'stacks', 'containers', 'functions', 'WebSocket API', 'HTTP API', 'web UI'].each { part ->
        assert all =~ /(?m)\[INFO\] ${part}\s+.*\(\d+\.\d s\)$/: "the start-up line of ${part}"
    }
    assert all.contains('sign in as it-run@example.com with password '): 'the pom\'s email, its password printed once'
    assert !(all =~ /(?m)^\s+at [\w.$]+\(/): 'no stack trace'
    assert all.contains('(synthesized)')
    File assembly = new File(basedir, 'target/openclaw/run/cdk.out')
    assert assembly.isDirectory()
    boolean agentFolder = false
    assembly.eachFileRecurse { f -> if (f.isFile() && f.getText('UTF-8').contains('it-run-agent-7f3a')) agentFolder = true }
    assert agentFolder: 'the project\'s agent folder (src/main/openclaw) is in the synthesized templates'

    started.addAll(maven.toHandle().descendants().toList())
    assert started.any { it.info().commandLine().orElse('').contains('launcher.py') }: 'moto started by the goal'

    HttpClient http = HttpClient.newHttpClient()
    def get = { String url, Map<String, String> headers = [:] ->
        def request = HttpRequest.newBuilder(URI.create(url))
        headers.each { k, v -> request.header(k, v) }
        http.send(request.build(), HttpResponse.BodyHandlers.ofString())
    }
    def config = new groovy.json.JsonSlurper().parseText(get("${web}/config.json").body())
    assert config.cognitoUserPoolId =~ /^us-east-1_\w+$/
    assert config.cognitoClientId
    assert config.cognitoEndpoint == "${web}/cognito/".toString()
    assert config.apiUrl.startsWith('http://')
    assert config.webSocketUrl.startsWith('ws://')
    assert get(web).body().contains('<html'): 'the bundled web UI'

    // the HTTP API's JWT authorizer: no token, a forged one
    def noToken = get("${config.apiUrl}/conversations")
    assert noToken.statusCode() == 401: "GET /conversations without a token: ${noToken.statusCode()} ${noToken.body()}"
    def forged = get("${config.apiUrl}/conversations", ['Authorization': 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'])
    assert forged.statusCode() == 401: "a forged token: ${forged.statusCode()} ${forged.body()}"

    // $connect runs the real ws-connect Lambda in its function JVM; without a token it answers 401, refusing the upgrade
    try {
        http.newWebSocketBuilder().buildAsync(URI.create(config.webSocketUrl), new WebSocket.Listener() {}).get(60, TimeUnit.SECONDS)
        fail('$connect without a token was accepted')
    } catch (ExecutionException e) {
        assert e.cause instanceof WebSocketHandshakeException: e.cause
        assert ((WebSocketHandshakeException) e.cause).response.statusCode() == 401
    }

    // Ctrl-C
    long stopping = System.nanoTime()
    ['kill', '-INT', Long.toString(maven.pid())].execute().waitFor()
    if (!maven.waitFor(180, TimeUnit.SECONDS)) {
        fail('openclaw:run did not stop within 180 s of SIGINT')
    }
    printf('Ctrl-C to exit: %.1f s, exit %d%n', (System.nanoTime() - stopping) / 1e9, maven.exitValue())
    reader.join(10_000)
} finally {
    if (maven.alive) {
        maven.toHandle().descendants().each { it.destroyForcibly() }
        maven.destroyForcibly()
    }
}
String output = log.getText('UTF-8')
assert output.contains('stopping: containers, functions, APIs, web, moto')
assert output =~ /state saved to .*target\/openclaw\/run\/state: \d+ items, \d+ workspace objects/
def users = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/openclaw/run/state/users.json'))
assert users['it-run@example.com'] =~ /^[0-9a-f-]{36}$/
assert new File(basedir, 'target/openclaw/run/sign-in.password').length() > 0
// nothing the goal started outlives it (moto, the function JVMs)
Thread.sleep(2000)
def alive = started.findAll { it.alive }
assert alive.isEmpty(): "still running after Ctrl-C: ${alive.collect { it.info().commandLine().orElse('?') }}"
return true
