// A small base image tar: Docker Hub is not reachable on the test machines.
import io.github.serverlessopenclaw.plugin.config.Architecture
import io.github.serverlessopenclaw.plugin.image.ImageFixtures
import java.nio.file.Files
import java.nio.file.StandardCopyOption

assert registry : 'run through scripts/test (it passes -Dopenclaw.test.registry)'
def work = Files.createDirectories(basedir.toPath().resolve('target/base'))
Files.copy(ImageFixtures.baseTar(work, Architecture.ARM64), basedir.toPath().resolve('base.tar'), StandardCopyOption.REPLACE_EXISTING)
return true
