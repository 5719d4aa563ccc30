package io.github.serverlessopenclaw.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The strict moto ({@link Moto#strict()}): calls made with the credentials of a role are allowed or refused by
 * that role's identity policies, as AWS would (see {@code scripts/moto/openclaw_moto/strict_iam.py} for what is
 * checked: actions under IAM's names, real resource ARNs for DynamoDB, SSM, ECS, S3 and STS, any resource for
 * the rest; Conditions are IGNORED, resource policies, SCPs, KMS grants and quotas are not checked). Every
 * evaluated call is recorded, per principal, for {@link #calls()}.
 *
 * <p>moto's IAM switch is global to the server process, so one {@code StrictIam} session at a time owns it:
 * {@link #open()} blocks until the previous session is closed, wipes the server and leaves enforcement off.
 * Order inside a session: deploy and seed (enforcement off, any credentials), {@link #assume} every role needed
 * (moto cannot assume a role while enforcing), then {@link #enforce()}. While enforcing, only assumed-role
 * credentials work: the test's own reads go through {@link #admin()}, a role allowed everything.
 */
public final class StrictIam implements AutoCloseable {
    private static final ReentrantLock OWNER = new ReentrantLock();
    private static final String ADMIN_STACK = "openclaw-strict-admin";
    private static final Pattern CALL = Pattern.compile(
            "\\{\"principal\": \"([^\"]*)\", \"action\": \"([^\"]*)\", \"resource\": (null|\"[^\"]*\"), \"decision\": \"([^\"]*)\"}");

    private static final ClientOverrideConfiguration NO_RETRIES = ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .build();

    private final Moto moto;
    private AwsCredentialsProvider admin;
    private boolean enforcing;

    private StrictIam(Moto moto) {
        this.moto = moto;
    }

    /** Waits for the strict server, wipes it (backends, recordings, IAM calls) and returns it with enforcement off. */
    public static StrictIam open() {
        OWNER.lock();
        try {
            StrictIam session = new StrictIam(Moto.strict());
            session.relax();
            session.moto.reset();
            session.moto.control("/moto-api/openclaw/iam-calls/reset");
            return session;
        } catch (RuntimeException e) {
            OWNER.unlock();
            throw e;
        }
    }

    public Moto moto() {
        return moto;
    }

    /** Turns IAM enforcement on: from now on every call is checked against its caller's policies and recorded. */
    public void enforce() {
        admin(); // assumed before enforcing, like every role
        moto.controlText("/moto-api/reset-auth", "0");
        enforcing = true;
    }

    /** Turns IAM enforcement off (any credentials work again; calls are no longer recorded). */
    public void relax() {
        moto.controlText("/moto-api/reset-auth", "inf");
        enforcing = false;
    }

    public boolean enforcing() {
        return enforcing;
    }

    /** Credentials of {@code roleArn} from STS AssumeRole (enforcement must be off: moto cannot assume while enforcing). */
    public AwsCredentialsProvider assume(String roleArn, String sessionName) {
        if (enforcing) {
            throw new IllegalStateException(
                    "assume " + roleArn + " before enforce(): moto cannot AssumeRole while enforcing");
        }
        try (StsClient sts = client(StsClient.builder())) {
            Credentials c = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName(sessionName))
                    .credentials();
            return StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
    }

    /** A role allowed everything, for the test's own seeding and reads while enforcing (its calls are recorded too). */
    public AwsCredentialsProvider admin() {
        if (admin == null) {
            String template = "{\"Resources\":{\"Admin\":{\"Type\":\"AWS::IAM::Role\",\"Properties\":{"
                    + "\"RoleName\":\"" + ADMIN_STACK + "\","
                    + "\"AssumeRolePolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + Moto.ACCOUNT
                    + ":root\"},\"Action\":\"sts:AssumeRole\"}]},"
                    + "\"Policies\":[{\"PolicyName\":\"all\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":"
                    + "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}}]}}}}";
            try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
                cloudFormation.createStack(b -> b.stackName(ADMIN_STACK).templateBody(template));
            }
            admin = assume("arn:aws:iam::" + Moto.ACCOUNT + ":role/" + ADMIN_STACK, "test-admin");
        }
        return admin;
    }

    /**
     * The IAM roles a deployed stack created: logical id → role ARN (physical ids from CloudFormation), in
     * template order.
     */
    public Map<String, String> roles(String stackName) {
        Map<String, String> roles = new LinkedHashMap<>();
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
            for (StackResource resource : cloudFormation
                    .describeStackResources(b -> b.stackName(stackName))
                    .stackResources()) {
                if (resource.resourceType().equals("AWS::IAM::Role")) {
                    String id = resource.physicalResourceId();
                    roles.put(resource.logicalResourceId(), id.startsWith("arn:") ? id : roleArn(id));
                }
            }
        }
        return roles;
    }

    public static String roleArn(String roleName) {
        return "arn:aws:iam::" + Moto.ACCOUNT + ":role/" + roleName;
    }

    /**
     * A client on the strict server: with the test keys when not enforcing, else as {@link #admin()}; no retries,
     * so a refusal surfaces at once.
     */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        moto.configure(builder).overrideConfiguration(NO_RETRIES);
        if (enforcing) {
            builder.credentialsProvider(admin);
        }
        return builder.build();
    }

    /** A client on the strict server acting as the given (assumed-role) credentials. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder, AwsCredentialsProvider credentials) {
        return moto.configure(builder)
                .overrideConfiguration(NO_RETRIES)
                .credentialsProvider(credentials)
                .build();
    }

    /** Every call evaluated while enforcing, oldest first (the harness's own {@link #admin()} calls included). */
    public List<IamCall> calls() {
        String body = moto.read("/moto-api/openclaw/iam-calls");
        List<IamCall> calls = new ArrayList<>();
        Matcher matcher = CALL.matcher(body);
        while (matcher.find()) {
            String resource =
                    matcher.group(3).equals("null") ? null : matcher.group(3).replace("\"", "");
            calls.add(new IamCall(matcher.group(1), matcher.group(2), resource, matcher.group(4)));
        }
        return calls;
    }

    /** Forgets the recorded calls. */
    public void clearCalls() {
        moto.control("/moto-api/openclaw/iam-calls/reset");
    }

    /** Enforcement off, the server free for the next session. */
    @Override
    public void close() {
        try {
            relax();
        } finally {
            OWNER.unlock();
        }
    }

    /**
     * One evaluated call: the caller ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>}), the IAM action,
     * the resource ARN (null when the strict mode cannot name it: then any Resource pattern matched), and the
     * decision ({@code Allow}, {@code Deny}, {@code ImplicitDeny}, {@code NotTrusted}).
     */
    public record IamCall(String principal, String action, String resource, String decision) {
        /** The role name of an assumed-role caller, or the whole principal for other callers. */
        public String role() {
            String marker = ":assumed-role/";
            int at = principal.indexOf(marker);
            if (at < 0) {
                return principal;
            }
            String rest = principal.substring(at + marker.length());
            return rest.substring(0, rest.indexOf('/'));
        }

        public boolean allowed() {
            return decision.equals("Allow");
        }

        @Override
        public String toString() {
            return role() + " " + action + " on " + (resource == null ? "*" : resource) + " → " + decision;
        }
    }
}
