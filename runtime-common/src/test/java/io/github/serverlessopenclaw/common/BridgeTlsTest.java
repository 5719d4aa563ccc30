package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The bridge's certificate as the JDK reads it, and the pin on a real TLS 1.3 handshake. */
class BridgeTlsTest {

    @Test
    void eachIdentityIsItsOwnAndTheCertificateIsWhatItsFingerprintSays() throws Exception {
        BridgeTls.Identity one = BridgeTls.generate();
        BridgeTls.Identity two = BridgeTls.generate();

        one.certificate().verify(one.certificate().getPublicKey()); // self-signed, parsed back by the JDK
        assertThat(one.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(one.fingerprint())
                .matches("[0-9a-f]{64}")
                .isEqualTo(BridgeTls.fingerprint(one.certificate().getEncoded()));
        assertThat(one.token()).matches("[0-9a-f]{64}");
        assertThat(two.fingerprint()).isNotEqualTo(one.fingerprint());
        assertThat(two.token()).isNotEqualTo(one.token());
        assertThat(one.toString()).doesNotContain(one.token());
        one.certificate().checkValidity();
    }

    @Test
    void thePinnedClientTalksOnlyToTheCertificateItPins() throws Exception {
        BridgeTls.Identity server = BridgeTls.generate();
        AtomicInteger served = new AtomicInteger();
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(server.serverContext()));
        https.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        try {
            URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/");
            HttpClient pinned = HttpClient.newBuilder()
                    .sslContext(BridgeTls.pinnedClient(server.fingerprint()))
                    .build();
            assertThat(pinned.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo("ok");
            assertThat(served).hasValue(1);

            HttpClient other = HttpClient.newBuilder()
                    .sslContext(BridgeTls.pinnedClient(BridgeTls.generate().fingerprint()))
                    .build();
            assertThatThrownBy(
                            () -> other.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(served)
                    .as("the mismatched client's request was never delivered")
                    .hasValue(1);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void aFingerprintThatIsNotOneIsRefused() {
        for (String bad : new String[] {null, "", "ABCDEF", "g".repeat(64), "A".repeat(64)}) {
            assertThatThrownBy(() -> BridgeTls.pinnedClient(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
