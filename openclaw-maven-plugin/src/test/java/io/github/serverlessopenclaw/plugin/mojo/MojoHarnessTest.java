package io.github.serverlessopenclaw.plugin.mojo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** A JUnit 3 test method merged into a goal test after the migration would never run: the harness refuses its class. */
class MojoHarnessTest {

    @Test
    void aTestMethodWithoutTestIsRefusedNamingIt() {
        assertThatThrownBy(() -> MojoHarness.refuseJUnit3Methods(Merged.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Merged has test methods JUnit 5 would skip: [testFromBeforeTheMigration]; annotate them with @Test");
        assertThatCode(() -> MojoHarness.refuseJUnit3Methods(Migrated.class)).doesNotThrowAnyException();
    }

    abstract static class Merged { // abstract: JUnit never runs these stand-ins, whatever -Dtest selects
        @Test
        public void testMigrated() {}

        public void testFromBeforeTheMigration() {}
    }

    abstract static class Migrated {
        @Test
        public void testMigrated() {}

        @RepeatedTest(1)
        public void testRepeated() {}

        private void testHelperThatIsNoTest(String name) {}
    }
}
