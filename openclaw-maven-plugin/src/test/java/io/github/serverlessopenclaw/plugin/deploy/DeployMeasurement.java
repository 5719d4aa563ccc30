package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.testing.Moto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the deploy engine's figures against moto (scripts/measure-deploy): wall time of bootstrap, of a
 * first deploy and of a no-op redeploy, and the CloudFormation calls the no-op makes. Argument: a cloud
 * assembly (default: the plugin's fixture). Figures, not assertions.
 */
public final class DeployMeasurement {
    private DeployMeasurement() {}

    public static void main(String[] args) {
        Path assembly =
                args.length > 0 && !args[0].isBlank() ? Path.of(args[0]).toAbsolutePath() : MotoAws.fixtureAssembly();
        Moto moto = Moto.get();
        moto.reset();
        DeployLog quiet = new DeployLog() {
            @Override
            public void info(String line) {}

            @Override
            public void warn(String line) {
                System.err.println("WARN " + line);
            }
        };
        var clients = MotoAws.clients(moto);
        long t0 = System.nanoTime();
        new Bootstrapper(clients, quiet).bootstrap(StackConfig.DEFAULT_QUALIFIER, DeployMethod.CHANGE_SET);
        long t1 = System.nanoTime();
        DeployReport first = new Deployer(clients, quiet).deploy(assembly, DeployOptions.defaults());
        long t2 = System.nanoTime();
        MotoAws.resetRecording(moto);
        long t3 = System.nanoTime();
        DeployReport noop = new Deployer(clients, quiet).deploy(assembly, DeployOptions.defaults());
        long t4 = System.nanoTime();
        List<Moto.RecordedRequest> calls = MotoAws.cloudFormationCalls(moto);
        Map<String, Integer> byOperation = new TreeMap<>();
        calls.forEach(c -> byOperation.merge(c.operation(), 1, Integer::sum));
        List<Moto.RecordedRequest> all = moto.recordedRequests();

        System.out.println("assembly: " + assembly + " (" + first.stacks().size() + " stacks)");
        System.out.printf("bootstrap (first, cold JVM):  %6.2f s%n", (t1 - t0) / 1e9);
        System.out.printf("first deploy:                 %6.2f s  %s%n", (t2 - t1) / 1e9, outcomes(first));
        System.out.printf("no-op redeploy:               %6.2f s  %s%n", (t4 - t3) / 1e9, outcomes(noop));
        System.out.println("no-op CloudFormation calls:   " + calls.size() + " " + byOperation);
        System.out.println("no-op requests, all services: " + all.size() + ", writes (not AssumeRole): "
                + MotoAws.writes(moto).size());
    }

    private static Map<String, String> outcomes(DeployReport report) {
        Map<String, String> result = new TreeMap<>();
        report.stacks().forEach(s -> result.put(s.stackName(), s.outcome().label()));
        return result;
    }
}
