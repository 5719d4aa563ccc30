package io.github.serverlessopenclaw.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalWeb}'s {@code /cognito/} relay as an attacker on this machine or a web page in its browser sees it: only
 * the UI's sign-in operations get through; admin calls, sign-up, smuggled targets, oversized bodies, other methods and
 * a DNS-rebound host are refused. "moto" here is a recorder, not moto: the point is that a refused call never arrives
 * (moto accepts any admin call unsigned, so a relayed one would simply succeed); one allowed call proves it records.
 * Requests are written on a raw socket so that headers (two X-Amz-Target lines, a foreign Host) go out as written.
 */
class LocalWebCognitoRelayTest {
    private static final String PREFIX = "AWSCognitoIdentityProviderService.";

    private final List<String> reached = new CopyOnWriteArrayList<>();
    private HttpServer moto;
    private LocalWeb web;
    private int port;

    @BeforeEach
    void start(@TempDir Path site) throws IOException {
        moto = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        moto.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            reached.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " " + body.length);
            byte[] answer = "{\"AuthenticationResult\":{}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        moto.start();
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>chat</title>");
        web = new LocalWeb(
                WebAssets.fromDirectory(site),
                0,
                URI.create("http://127.0.0.1:" + moto.getAddress().getPort()),
                "us-east-1_Local0001",
                "client",
                URI.create("ws://127.0.0.1:1"),
                URI.create("http://127.0.0.1:2"),
                Optional.empty());
        port = URI.create(web.url()).getPort();
    }

    @AfterEach
    void stop() {
        web.close();
        moto.stop(0);
    }

    @Test
    void theSignInOperationsAreRelayed() throws IOException {
        for (String operation : List.of("InitiateAuth", "RespondToAuthChallenge", "GetUser", "GlobalSignOut")) {
            assertThat(post(List.of(PREFIX + operation), "localhost:" + port, "{}"))
                    .startsWith("HTTP/1.1 200");
        }
        assertThat(reached)
                .containsExactly(
                        PREFIX + "InitiateAuth 2",
                        PREFIX + "RespondToAuthChallenge 2",
                        PREFIX + "GetUser 2",
                        PREFIX + "GlobalSignOut 2");
    }

    @Test
    void adminAndSignUpOperationsAreRefused() throws IOException {
        for (String operation : List.of(
                "AdminCreateUser",
                "ListUsers",
                "AdminGetUser",
                "SignUp",
                "AdminSetUserPassword",
                "AdminInitiateAuth",
                "DeleteUserPool",
                "CreateUserPoolClient")) {
            assertThat(post(
                            List.of(PREFIX + operation),
                            "localhost:" + port,
                            "{\"UserPoolId\":\"us-east-1_Local0001\"}"))
                    .as(operation)
                    .startsWith("HTTP/1.1 400")
                    .contains("not relayed");
        }
        assertThat(reached).isEmpty();
    }

    @Test
    void smuggledTargetsAreRefused() throws IOException {
        // two target lines (the first allowed), a joined list, another service's prefix, case
        List<List<String>> targets = List.of(
                List.of(PREFIX + "InitiateAuth", PREFIX + "AdminCreateUser"),
                List.of(PREFIX + "AdminCreateUser", PREFIX + "InitiateAuth"),
                List.of(PREFIX + "InitiateAuth, " + PREFIX + "AdminCreateUser"),
                List.of("DynamoDB_20120810.InitiateAuth"),
                List.of(PREFIX + "initiateauth"),
                List.of());
        for (List<String> target : targets) {
            assertThat(post(target, "localhost:" + port, "{}")).as("%s", target).startsWith("HTTP/1.1 400");
        }
        // the operation in the query string or the body's Action is not what moto dispatches on, and is not forwarded
        assertThat(raw("POST /cognito/?Action=AdminCreateUser HTTP/1.1\r\nHost: localhost:" + port
                        + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))
                .startsWith("HTTP/1.1 400");
        assertThat(reached).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedNotCut() throws IOException {
        String big = "{\"AuthFlow\":\"USER_SRP_AUTH\",\"pad\":\"" + "x".repeat(LocalWeb.MAX_COGNITO_BODY) + "\"}";
        assertThat(post(List.of(PREFIX + "InitiateAuth"), "localhost:" + port, big))
                .startsWith("HTTP/1.1 413");
        assertThat(reached).isEmpty();
        String fits = "x".repeat(LocalWeb.MAX_COGNITO_BODY);
        assertThat(post(List.of(PREFIX + "InitiateAuth"), "localhost:" + port, fits))
                .startsWith("HTTP/1.1 200");
        assertThat(reached).containsExactly(PREFIX + "InitiateAuth " + LocalWeb.MAX_COGNITO_BODY);
    }

    @Test
    void otherMethodsAndPathsAreRefused() throws IOException {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            assertThat(raw(method + " /cognito/ HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Amz-Target: " + PREFIX
                            + "InitiateAuth\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))
                    .as(method)
                    .startsWith(method.equals("GET") ? "HTTP/1.1 200" : "HTTP/1.1 405"); // GET is the SPA page
        }
        for (String path : List.of("/cognito", "/cognito/x", "/cognito//", "/Cognito/")) {
            assertThat(raw("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Amz-Target: " + PREFIX
                            + "InitiateAuth\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))
                    .as(path)
                    .startsWith("HTTP/1.1 405");
        }
        assertThat(reached).isEmpty();
    }

    @Test
    void aForeignHostIsRefused() throws IOException {
        for (String host : List.of("evil.example:" + port, "localhost.evil.example", "127.0.0.1.nip.io:" + port)) {
            assertThat(post(List.of(PREFIX + "InitiateAuth"), host, "{}"))
                    .as(host)
                    .startsWith("HTTP/1.1 403");
        }
        assertThat(reached).isEmpty();
        assertThat(post(List.of(PREFIX + "InitiateAuth"), "127.0.0.1:" + port, "{}"))
                .startsWith("HTTP/1.1 200");
        assertThat(reached).hasSize(1);
    }

    private String post(List<String> targets, String host, String body) throws IOException {
        StringBuilder request = new StringBuilder("POST /cognito/ HTTP/1.1\r\nHost: " + host + "\r\n");
        targets.forEach(t -> request.append("X-Amz-Target: ").append(t).append("\r\n"));
        request.append("Content-Type: application/x-amz-json-1.1\r\nContent-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length)
                .append("\r\nConnection: close\r\n\r\n")
                .append(body);
        return raw(request.toString());
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
