package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment a bridge process ({@code Main} in its own JVM) gets from its task definition, pointed at the
 * test's stand-ins: the real gateway installation, the stub model, moto and {@link AwsFixture}'s tables and bucket.
 * A test adds what it is about (Telegram, credentials, budgets) to the map it returns.
 */
final class BridgeEnv {
    private BridgeEnv() {}

    static Map<String, String> of(
            String user,
            String gatewayToken,
            Path stateDir,
            StubModelServer model,
            int bridgePort,
            Moto moto,
            String metadataUri,
            String callbackUrl) {
        Map<String, String> env = new HashMap<>();
        env.put(Env.TASK_USER_ID, user);
        env.put(Env.GATEWAY_TOKEN, gatewayToken);
        env.put(Env.OPENCLAW_NODE, OpenClawInstallation.node().toString());
        env.put(
                Env.OPENCLAW_PACKAGE_DIR,
                OpenClawInstallation.entry().getParent().toString());
        env.put(Env.OPENCLAW_STATE_DIR, stateDir.toString());
        env.put(Env.GATEWAY_PORT, Integer.toString(OpenClawInstallation.freePort()));
        env.put(Env.OPENCLAW_MODEL, "stub/" + StubModelServer.MODEL);
        env.put(Env.OPENCLAW_MODEL_BASE_URL, model.baseUrl());
        env.put(Env.OPENCLAW_MODEL_API_KEY, "stub-key");
        env.put(Env.BRIDGE_PORT, Integer.toString(bridgePort));
        env.put(Env.DATA_BUCKET, AwsFixture.BUCKET);
        env.put(Table.CONVERSATIONS.envVar(), AwsFixture.CONVERSATIONS);
        env.put(Table.TASK_STATE.envVar(), AwsFixture.TASK_STATE);
        env.put(Table.PENDING_MESSAGES.envVar(), AwsFixture.PENDING);
        env.put(Env.ECS_METADATA_URI, metadataUri);
        env.put(Env.TASK_CALLBACK_URL, callbackUrl);
        env.put(Env.AWS_ENDPOINT_URL, moto.endpoint().toString());
        env.put("AWS_REGION", Moto.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        return env;
    }
}
