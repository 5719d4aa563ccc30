package io.github.serverlessopenclaw.plugin.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.stacks.AuthPool;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * The probe's sign-in against the project's moto, whose Cognito rule checks the SRP claim as AWS does
 * (scripts/moto/openclaw_moto/cognito_rules.py, rule 4), on the pool the product deploys (the real Auth stack); and the
 * probe's failures, against a scripted WebSocket stand-in ({@link StubWebSocket}): the working path is
 * LocalRunEndToEndTest's, against the real product.
 */
@ExtendWith(MotoExtension.class)
class ChatProbeMotoTest {
    private static final String PASSWORD = "Verify-Probe-Pw-123!";

    @RegisterExtension
    static final AuthPool pool = new AuthPool("verify-test");

    private final Moto moto;
    private final CognitoIdentityProviderClient cognito = pool.cognito();
    private final CognitoUsers users = new CognitoUsers(cognito, pool.poolId());
    private final List<String> lines = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();

    ChatProbeMotoTest(Moto moto) {
        this.moto = moto;
    }

    @Test
    void signsInWithSrpAndOnlyWithTheRightPassword() {
        String sub = users.create("ada@example.com", PASSWORD).sub();
        String token = SrpSignIn.idToken(
                cognito, pool.poolId(), pool.clientId(), "ada@example.com", PASSWORD, Clock.systemUTC());
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"sub\":\"" + sub + "\"").contains("\"token_use\":\"id\"");

        // moto alone signs this in; the rule refuses it as Cognito does
        assertThatThrownBy(() -> SrpSignIn.idToken(
                        cognito, pool.poolId(), pool.clientId(), "ada@example.com", PASSWORD + "x", Clock.systemUTC()))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Incorrect username or password.");
    }

    @Test
    void refusesATamperedOrReplayedClaim() {
        users.create("ada@example.com", PASSWORD);
        CognitoSrp srp = new CognitoSrp(pool.poolId(), new SecureRandom());
        var started = cognito.initiateAuth(b -> b.clientId(pool.clientId())
                .authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", "ada@example.com", "SRP_A", srp.srpA())));
        Map<String, String> c = started.challengeParameters();
        String timestamp = CognitoSrp.timestamp(java.time.Instant.now());
        String signature = srp.signature(
                c.get("USER_ID_FOR_SRP"), PASSWORD, c.get("SALT"), c.get("SRP_B"), c.get("SECRET_BLOCK"), timestamp);
        // the claim signs the timestamp: another one does not match
        assertThatThrownBy(() -> answer(started.session(), c, "Mon Dec 7 00:00:00 UTC 2026", signature))
                .isInstanceOf(NotAuthorizedException.class);
        // a secret block answers one claim only, even a right one afterwards
        assertThatThrownBy(() -> answer(started.session(), c, timestamp, signature))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void refusesAnAThatIsZeroModN() {
        users.create("ada@example.com", PASSWORD);
        assertThatThrownBy(() -> cognito.initiateAuth(b -> b.clientId(pool.clientId())
                        .authFlow(AuthFlowType.USER_SRP_AUTH)
                        .authParameters(Map.of("USERNAME", "ada@example.com", "SRP_A", CognitoSrp.N.toString(16)))))
                .isInstanceOf(NotAuthorizedException.class);
    }

    private void answer(String session, Map<String, String> c, String timestamp, String signature) {
        cognito.respondToAuthChallenge(b -> b.clientId(pool.clientId())
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                .session(session)
                .challengeResponses(Map.of(
                        "USERNAME",
                        c.get("USER_ID_FOR_SRP"),
                        "PASSWORD_CLAIM_SECRET_BLOCK",
                        c.get("SECRET_BLOCK"),
                        "TIMESTAMP",
                        timestamp,
                        "PASSWORD_CLAIM_SIGNATURE",
                        signature)));
    }

    @Test
    void aChatThatNeverAnswersFailsNamingTheHopAndTheProbeUserIsRemoved() throws Exception {
        try (StubWebSocket socket = new StubWebSocket(0, List.of("{\"type\":\"status\",\"status\":\"Running\"}"))) {
            assertThatThrownBy(() -> probe(socket, Duration.ofSeconds(3)).run("hello"))
                    .isInstanceOf(VerifyFailure.class)
                    .hasMessageStartingWith("No first chunk within 3 s")
                    .hasMessageContaining("mvn openclaw:secrets")
                    .satisfies(e -> assertThat(((VerifyFailure) e).hop()).isEqualTo(ChatProbe.FIRST_CHUNK));
            assertThat(socket.requestLines.get(0)).startsWith("GET /prod?token=ey");
            assertThat(socket.received.get(0)).isEqualTo("{\"action\":\"sendMessage\",\"message\":\"hello\"}");
        }
        assertThat(lines).anyMatch(l -> l.startsWith("sign-in")).anyMatch(l -> l.startsWith("connect"));
        assertProbeUserRemoved();
    }

    @Test
    void aContainerThatNeverStartsIsNamed() throws Exception {
        try (StubWebSocket socket = new StubWebSocket(0, List.of("{\"type\":\"status\",\"status\":\"Starting\"}"))) {
            assertThatThrownBy(() -> probe(socket, Duration.ofSeconds(3)).run("hello"))
                    .isInstanceOf(VerifyFailure.class)
                    .hasMessageStartingWith("No container start within 3 s")
                    .hasMessageContaining("-Dopenclaw.verify.timeout=");
        }
        assertProbeUserRemoved();
    }

    @Test
    void aRefusedConnectionNamesTheConnectHop() throws Exception {
        try (StubWebSocket socket = new StubWebSocket(401, List.of())) {
            assertThatThrownBy(() -> probe(socket, Duration.ofSeconds(20)).run("hello"))
                    .isInstanceOf(VerifyFailure.class)
                    .hasMessageContaining("at the connect hop")
                    .satisfies(e -> assertThat(((VerifyFailure) e).hop()).isEqualTo(ChatProbe.CONNECT));
        }
        assertProbeUserRemoved();
    }

    @Test
    void anErrorFrameFailsWithItsText() throws Exception {
        try (StubWebSocket socket = new StubWebSocket(
                0,
                List.of(
                        "{\"type\":\"status\",\"status\":\"Running\"}",
                        "{\"type\":\"error\",\"error\":\"The model refused the key\",\"code\":\"unknown\"}"))) {
            assertThatThrownBy(() -> probe(socket, Duration.ofSeconds(20)).run("hello"))
                    .isInstanceOf(VerifyFailure.class)
                    .hasMessageContaining("The model refused the key");
        }
        assertProbeUserRemoved();
    }

    @Test
    void timesEachHopOfAColdPath() throws Exception {
        try (StubWebSocket socket = new StubWebSocket(
                0,
                List.of(
                        "{\"type\":\"status\",\"status\":\"Starting\"}",
                        "{\"type\":\"status\",\"status\":\"Running\"}",
                        "{\"type\":\"stream_chunk\",\"content\":\"He\"}",
                        "{\"type\":\"stream_chunk\",\"content\":\"llo\"}",
                        "{\"type\":\"stream_end\"}"))) {
            ChatProbe.Report report = probe(socket, Duration.ofSeconds(20)).run("hello");
            assertThat(report.cold()).isTrue();
            assertThat(report.reply()).isEqualTo("Hello");
            assertThat(report.hops())
                    .extracting(ChatProbe.Hop::name)
                    .containsExactly(
                            ChatProbe.SIGN_IN,
                            ChatProbe.CONNECT,
                            ChatProbe.CONTAINER_START,
                            ChatProbe.FIRST_CHUNK,
                            ChatProbe.END);
        }
        assertProbeUserRemoved();
    }

    private ChatProbe probe(StubWebSocket socket, Duration timeout) {
        return new ChatProbe(
                cognito,
                new ChatProbe.Target(pool.poolId(), pool.clientId(), socket.url()),
                sub -> {
                    removed.add(sub);
                    return "nothing kept";
                },
                timeout,
                lines::add,
                Clock.systemUTC());
    }

    private void assertProbeUserRemoved() {
        assertThat(removed).hasSize(1);
        assertThat(users.list()).isEmpty();
        assertThat(lines).anyMatch(l -> l.startsWith("probe user removed: nothing kept"));
    }
}
