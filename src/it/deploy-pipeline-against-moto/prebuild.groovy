// The image's inputs: a small base image tar (Docker Hub is not reachable on the test machines) and a copy
// of the real bridge jars (runtime-container's jar and its dependencies), which verify.groovy later changes.
import io.github.serverlessopenclaw.plugin.config.Architecture
import io.github.serverlessopenclaw.plugin.image.ImageFixtures
import java.nio.file.Files
import java.nio.file.StandardCopyOption

assert motoEndpoint : 'run through scripts/test (it passes -Dopenclaw.test.motoEndpoint)'
assert registry : 'run through scripts/test (it passes -Dopenclaw.test.registry)'

def work = Files.createDirectories(basedir.toPath().resolve('target/base'))
Files.copy(ImageFixtures.baseTar(work, Architecture.ARM64), basedir.toPath().resolve('base.tar'), StandardCopyOption.REPLACE_EXISTING)

def container = basedir.toPath().resolve('../../../../runtime-container/target').normalize()
def bridge = Files.createDirectories(basedir.toPath().resolve('bridge'))
def jars = Files.list(container).findAll { it.fileName.toString() ==~ /openclaw-runtime-container-.*(?<!-tests)\.jar/ }
assert jars.size() == 1 : "build runtime-container first (found ${jars} in ${container})"
Files.copy(jars[0], bridge.resolve(jars[0].fileName))
Files.list(container.resolve('bridge-libs')).each { Files.copy(it, bridge.resolve(it.fileName)) }
return true
