package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HandlerTest {

    @Test
    void namesEachFunctionFromTheAppNameAndItsSuffix() {
        assertThat(Handler.WS_MESSAGE.functionName(new AppNames("team-a"))).isEqualTo("team-a-ws-message");
        assertThat(Handler.API.handlerString())
                .isEqualTo("io.github.serverlessopenclaw.lambdas.ApiHandler::handleRequest");
    }

    @Test
    void suffixesAndClassesAreUniqueAndLimitsAreWithinLambdaBounds() {
        assertThat(Arrays.stream(Handler.values()).map(Handler::suffix).distinct())
                .hasSize(Handler.values().length);
        assertThat(Arrays.stream(Handler.values()).map(Handler::className).distinct())
                .hasSize(Handler.values().length);
        for (Handler handler : Handler.values()) {
            assertThat(handler.memoryMb()).isBetween(128, 10_240);
            assertThat(handler.timeoutSeconds()).isBetween(1, 900);
        }
    }
}
