// push-image without a bridge folder: the bridge came from the repository, with its dependencies, and the
// image in the registry (read back over its HTTP API, not through Jib) holds them where the entrypoint looks.
import groovy.json.JsonSlurper
import io.github.serverlessopenclaw.plugin.image.RegistryReader

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def image = new JsonSlurper().parse(new File(basedir, 'target/openclaw/image.json'))
assert image.imageName == "${registry}/it-push"
assert log.contains("Pushed ${image.imageName}@${image.digest}")

def reader = new RegistryReader(registry)
def manifest = reader.manifest('it-push', image.digest)
def config = reader.config('it-push', manifest)
assert config.path('config').path('Entrypoint').toString().contains('io.github.serverlessopenclaw.bridge.Main')
def layers = manifest.body().path('layers')
def files = [:]
// the two top layers: the bridge's dependencies, then the bridge itself (Node and OpenClaw lie below)
(layers.size() - 2..<layers.size()).each { files.putAll(RegistryReader.entries(reader.blob('it-push', layers.get(it).path('digest').asText()))) }
assert files.keySet().any { it ==~ /app\/bridge\/openclaw-runtime-container-.+\.jar/ } : files.keySet()
assert files.keySet().any { it ==~ /app\/bridge\/openclaw-runtime-common-.+\.jar/ } : files.keySet()
assert files.keySet().any { it ==~ /app\/libs\/dynamodb-2\..+\.jar/ } : files.keySet()
return true
