package io.github.serverlessopenclaw.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** openclaw:run's servers on a port that is taken: one sentence naming the fix, from the HTTP servers and the WebSocket API alike. */
class LocalServersTest {

    @Test
    void aTakenPortNamesTheFixForTheHttpServersAndTheWebSocketApi() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalServers.loopback(port, "test", "the web UI"))
                    .isInstanceOf(LocalApisException.class)
                    .hasMessageStartingWith("cannot open the web UI on port " + port + ": ")
                    .hasMessageEndingWith(" (choose another port, or 0 for any free one)");
            // the WebSocket API binds before it reads the deployment
            assertThatThrownBy(() -> WebSocketServer.start(port, null, Map.of(), null, "us-east-1"))
                    .isInstanceOf(LocalApisException.class)
                    .hasMessageStartingWith("cannot open the WebSocket API on port " + port + ": ")
                    .hasMessageEndingWith(" (choose another port, or 0 for any free one)");
        }
    }

    @Test
    void anyFreePortIsALoopbackPortServedByDaemonThreads() throws Exception {
        HttpServer server = LocalServers.loopback(0, "test-daemon", "a test server");
        try {
            assertThat(server.getAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.getAddress().getPort()).isPositive();
            assertThat(LocalServers.daemon("test-daemon").newThread(() -> {}).isDaemon())
                    .isTrue();
        } finally {
            server.stop(0);
        }
    }
}
