package io.github.serverlessopenclaw.plugin.mojo;

import java.io.File;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.codehaus.plexus.util.xml.XmlStreamReader;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The goals as Maven builds them, on the plugin-testing harness's JUnit 5 extension ({@link MojoExtension}: the
 * plugin descriptor, a container per test, parameters and their defaults). {@code @InjectMojo} gives one mojo per
 * test parameter with a goal fixed in an annotation; the goal tests run several goals, and the same goal twice,
 * in one test, so they register this extension and call {@link #lookupMojo(String, File)}:
 * <pre>{@code @RegisterExtension final MojoHarness harness = new MojoHarness();}</pre>
 */
public final class MojoHarness extends MojoExtension {
    private ExtensionContext context;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        refuseJUnit3Methods(context.getRequiredTestClass());
        super.beforeEach(context);
        this.context = context;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        this.context = null;
        super.afterEach(context);
    }

    /** A new mojo for {@code goal}, configured from the plugin's {@code <configuration>} in {@code pom} and the goal's defaults. */
    public Mojo lookupMojo(String goal, File pom) throws Exception {
        if (context == null) {
            throw new IllegalStateException(
                    "MojoHarness looks mojos up during a test only: register it with @RegisterExtension");
        }
        // where MojoExtension.beforeEach keeps the descriptor it registered the plugin's components from
        PluginDescriptor descriptor = Objects.requireNonNull(
                context.getStore(ExtensionContext.Namespace.create("MojoExtension"))
                        .get(PluginDescriptor.class, PluginDescriptor.class),
                "the harness no longer stores the plugin descriptor");
        try (XmlStreamReader reader = new XmlStreamReader(pom)) {
            return lookupMojo(
                    context,
                    mojoCoordinates(goal, descriptor),
                    extractPluginConfiguration(descriptor.getArtifactId(), Xpp3DomBuilder.build(reader)),
                    descriptor,
                    pom.toPath());
        }
    }

    /** {@link #lookupMojo(String, File)} with {@code fields} then set by name, in their order, as a test sets them by hand. */
    public Mojo lookupMojo(String goal, File pom, Map<String, ?> fields) throws Exception {
        Mojo mojo = lookupMojo(goal, pom);
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            setVariableValueToObject(mojo, field.getKey(), field.getValue());
        }
        return mojo;
    }

    /**
     * JUnit 5 runs only {@code @Test} methods: a {@code public void testX()} without it (a JUnit 3 test merged in
     * from before the migration) would silently never run, so the class fails instead.
     */
    static void refuseJUnit3Methods(Class<?> testClass) {
        List<String> unannotated = Arrays.stream(testClass.getDeclaredMethods())
                .filter(m ->
                        m.getName().startsWith("test") && m.getParameterCount() == 0 && m.getReturnType() == void.class)
                .filter(m -> !AnnotationSupport.isAnnotated(
                        m, Testable.class)) // @Test, @RepeatedTest, … (meta-annotations included)
                .map(Method::getName)
                .sorted()
                .toList();
        if (!unannotated.isEmpty()) {
            throw new IllegalStateException(testClass.getSimpleName() + " has test methods JUnit 5 would skip: "
                    + unannotated + "; annotate them with @Test");
        }
    }
}
