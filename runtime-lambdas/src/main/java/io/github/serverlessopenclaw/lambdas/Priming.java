package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.util.function.UnaryOperator;

/**
 * Runs a handler's own request path once during init, only when that init happens before any request: a
 * SnapStart version being snapshotted ({@code snap-start}) or provisioned concurrency. Then the classes, the
 * JIT's first work and the clients' connections are in the snapshot (or ready) and the first event pays none
 * of it. An on-demand init would only add a network round trip in front of the user's first event, so it
 * skips priming: there the first event does the same work once.
 *
 * <p>What priming covers: JSON parsing and writing, the SDK's signing, HTTP client, endpoint rules and
 * DynamoDB marshalling through one real read each handler's role may make (its TaskState or Connections row
 * of a user that does not exist), and building the other clients its path uses (ECS's signed RunTask, SSM, the
 * Management API) without calling them. What it does not cover: the first call of each of those other APIs (their
 * marshallers), the Telegram and bridge HTTPS connections, and anything a restore must redo (credentials are
 * refreshed after restore by the SDK's own provider).
 */
final class Priming {
    /** Set by Lambda in every execution environment: {@code on-demand}, {@code provisioned-concurrency}, {@code snap-start}. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    /** The user id primed reads look up: never a Cognito sub, never a Telegram id, so never found. */
    static final String USER = "PRIME#init";

    private Priming() {}

    /** True when this init runs ahead of any request. */
    static boolean wanted(UnaryOperator<String> environment) {
        String type = environment.apply(INITIALIZATION_TYPE);
        return "snap-start".equals(type) || "provisioned-concurrency".equals(type);
    }

    /** Runs {@code path} when {@link #wanted}; best effort: a failure only means the first event pays the cost. */
    static void run(Runnable path) {
        if (!wanted(System::getenv)) {
            return;
        }
        try {
            Json.write(Json.parse("{\"requestContext\":{\"connectionId\":\"prime\"},\"body\":\"{}\"}")
                    .orElseThrow());
            path.run();
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            // an answer, even a refusal, ran the whole request path
        } catch (RuntimeException e) {
            Log.warn("priming failed: " + e);
        }
    }
}
