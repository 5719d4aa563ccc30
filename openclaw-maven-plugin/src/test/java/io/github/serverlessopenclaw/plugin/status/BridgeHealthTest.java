package io.github.serverlessopenclaw.plugin.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health probe over real TLS 1.3 with the bridge's own identity type (BridgeTls): a stand-in for the bridge's
 * {@code /health} route (the bridge itself runs in the runtime-container module's tests) that checks the token.
 */
class BridgeHealthTest {
    private final BridgeTls.Identity identity = BridgeTls.generate();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpsServer server;
    private BridgeHealth health;

    @BeforeEach
    void bridge() throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(identity.serverContext()));
        server.createContext(Protocol.BRIDGE_HEALTH, exchange -> {
            requests.incrementAndGet();
            boolean ok = ("Bearer " + identity.token())
                    .equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            exchange.close();
        });
        server.start();
        health = new BridgeHealth(server.getAddress().getPort(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BridgeHealth.Bridge row(String fingerprint, String token) {
        return new BridgeHealth.Bridge(
                "sub-1",
                "arn:aws:ecs:us-east-1:123456789012:task/c/1",
                "127.0.0.1",
                Optional.ofNullable(fingerprint),
                Optional.ofNullable(token));
    }

    @Test
    void aBridgeWithThePinnedCertificateAndTheRowsTokenIsHealthy() {
        assertThat(health.probe(row(identity.fingerprint(), identity.token()))).isEqualTo("healthy");
        assertThat(health.lines(List.of(row(identity.fingerprint(), identity.token()))))
                .containsExactly(
                        "Bridges",
                        String.format(
                                "  %-40s 127.0.0.1:%d  healthy",
                                "sub-1", server.getAddress().getPort()));
    }

    @Test
    void aWrongTokenIsTheBridgesAnswerAndAnotherCertificateNeverGetsTheRequest() {
        assertThat(health.probe(row(identity.fingerprint(), "not-the-token"))).isEqualTo("answered 401");
        int before = requests.get();
        assertThat(health.probe(row("0".repeat(64), identity.token()))).startsWith("unreachable (");
        assertThat(requests.get()).isEqualTo(before);
        assertThat(health.probe(row(null, null))).startsWith("not pinned");
    }
}
