package io.github.serverlessopenclaw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsTheFirstValueThatIsDone() {
        AtomicInteger polls = new AtomicInteger();

        int value = Await.await(polls::incrementAndGet, n -> n >= 3, Duration.ofSeconds(5), "three polls");

        assertThat(value).isEqualTo(3);
    }

    @Test
    void aTimeoutFailsNamingWhatWasAwaitedAndTheLastValue() {
        assertThatThrownBy(() -> Await.await(() -> "not yet", "done"::equals, Duration.ofMillis(120), "the reply"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the reply")
                .hasMessageContaining("not yet");
    }

    @Test
    void aConditionThatNeverHoldsFails() {
        assertThatThrownBy(() -> Await.await(() -> false, Duration.ofMillis(120), "never"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("never");
    }
}
