package io.github.serverlessopenclaw.plugin.mojo;

import static org.apache.maven.api.plugin.testing.MojoExtension.getBasedir;
import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.secrets.SecretPrompt;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The secrets goal as Maven builds it (plugin-testing-harness), with Maven's own SettingsDecrypter from
 * the container, against moto_server. Includes the log-capture test: every path runs with sentinel
 * values while the mojo's log (debug included) and java.util.logging (where SLF4J, and so the AWS SDK,
 * logs in tests) are captured at every level; no sentinel may appear anywhere.
 */
public class SecretsMojoTest {
    @RegisterExtension
    final MojoHarness harness = new MojoHarness();

    private static final AtomicInteger APPS = new AtomicInteger();
    private static final String TELEGRAM = "987654321:" + "Z".repeat(35);

    /** Every message the mojo logs and every exception message, at every level. */
    private final List<String> lines = new ArrayList<>();

    private String appName;

    private Mojo secrets(Settings settings, Map<String, String> environment, SecretPrompt prompt) throws Exception {
        appName = "secrets-mojo-" + APPS.incrementAndGet();
        Mojo mojo = harness.lookupMojo("secrets", new File(getBasedir(), "src/test/resources/secrets/pom.xml"));
        setVariableValueToObject(mojo, "endpoint", Moto.get().endpoint().toString());
        setVariableValueToObject(mojo, "appName", appName);
        setVariableValueToObject(mojo, "settings", settings);
        setVariableValueToObject(mojo, "environment", environment);
        setVariableValueToObject(mojo, "prompt", prompt);
        mojo.setLog(new CapturingLog(lines));
        return mojo;
    }

    private void reuseApp(Mojo mojo, String app) throws Exception {
        setVariableValueToObject(mojo, "appName", app);
    }

    private static Settings settings(boolean interactive, Server... servers) {
        Settings settings = new Settings();
        settings.setInteractiveMode(interactive);
        for (Server server : servers) {
            settings.addServer(server);
        }
        return settings;
    }

    private static Server server(String id, String password) {
        Server server = new Server();
        server.setId(id);
        server.setPassword(password);
        return server;
    }

    private String stored(String app, String secret) {
        try (SsmClient ssm = quietSsm()) {
            return ssm.getParameter(b ->
                            b.name(new AppNames(app).secretParameter(secret)).withDecryption(true))
                    .parameter()
                    .value();
        }
    }

    /**
     * The test's own SSM client reads and writes values; the Apache client's wire log would print them at
     * debug level (which is why the plugin uses the URLConnection client too), so this one does the same.
     */
    private static SsmClient quietSsm() {
        return Moto.get()
                .configure(SsmClient.builder())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A master password and a server password encrypted exactly as mvn --encrypt-master-password / --encrypt-password do. */
    private static String encryptAsMavenDoes(Path securityFile, String value) throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        String master = "master-" + System.nanoTime();
        Files.writeString(
                securityFile,
                "<settingsSecurity><master>" + cipher.encryptAndDecorate(master, "settings.security")
                        + "</master></settingsSecurity>");
        System.setProperty("settings.security", securityFile.toString());
        return cipher.encryptAndDecorate(value, master);
    }

    @AfterEach
    void tearDown() throws Exception {
        System.clearProperty("settings.security");
        System.clearProperty("openclaw.secret.openai-api-key");
    }

    @Test
    public void testPlainAndEncryptedSettingsPasswordsAreDecryptedAndWritten() throws Exception {
        Path security = Files.createTempFile("settings-security", ".xml");
        String encrypted = encryptAsMavenDoes(security, "sk-ant-from-encrypted-settings");
        assertTrue(encrypted.startsWith("{") && !encrypted.contains("from-encrypted"), encrypted);
        Mojo mojo = secrets(
                settings(
                        false,
                        server("openclaw-anthropic-api-key", encrypted),
                        server("openclaw-telegram-bot-token", TELEGRAM),
                        server("other-server", "{not-ours-and-not-decryptable}")),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-from-env-loses"),
                null);
        setVariableValueToObject(mojo, "telegram", true);

        mojo.execute();

        assertEquals("sk-ant-from-encrypted-settings", stored(appName, "anthropic-api-key"));
        assertEquals(TELEGRAM, stored(appName, "telegram-bot-token"));
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("INFO")
                                && l.contains("anthropic-api-key")
                                && l.contains(" set ")
                                && l.contains("/" + appName + "/secrets/anthropic-api-key")
                                && l.contains("sha256:")
                                && l.contains("settings.xml server openclaw-anthropic-api-key")),
                lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.contains("telegram-webhook-secret") && l.contains("generated")),
                lines.toString());
        assertTrue(lines.contains("INFO 4 parameter(s) written."), lines.toString());
    }

    @Test
    public void testAWrongMasterPasswordFailsNamingTheServerAndTheFix() throws Exception {
        Path security = Files.createTempFile("settings-security", ".xml");
        String encrypted = encryptAsMavenDoes(security, "sk-ant-x");
        encryptAsMavenDoes(
                security, "another master now"); // rewrites the master password: the old value no longer decrypts
        Mojo mojo = secrets(settings(false, server("openclaw-anthropic-api-key", encrypted)), Map.of(), null);
        try {
            mojo.execute();
            fail("an undecryptable password must fail");
        } catch (MojoFailureException e) {
            assertTrue(e.getMessage().contains("openclaw-anthropic-api-key"), e.getMessage());
            assertTrue(e.getMessage().contains("settings-security.xml"), e.getMessage());
        }
    }

    @Test
    public void testBatchModeWithoutTheKeyFailsNamingAllFourWays() throws Exception {
        Mojo mojo = secrets(settings(false), Map.of(), label -> {
            throw new AssertionError("batch mode must never prompt");
        });
        try {
            mojo.execute();
            fail("a missing required secret must fail in batch mode");
        } catch (MojoFailureException e) {
            String message = e.getMessage();
            assertTrue(message.contains("Missing required secret anthropic-api-key"), message);
            assertTrue(message.contains("<id>openclaw-anthropic-api-key</id>"), message);
            assertTrue(message.contains("ANTHROPIC_API_KEY"), message);
            assertTrue(message.contains("-Dopenclaw.secret.anthropic-api-key"), message);
            assertTrue(message.contains("without -B"), message);
        }
    }

    @Test
    public void testSecondRunReportsUnchangedAndWritesNothing() throws Exception {
        Mojo first = secrets(settings(false), Map.of("ANTHROPIC_API_KEY", "sk-ant-1"), null);
        first.execute();
        String app = appName;
        lines.clear();
        Mojo second = secrets(settings(false), Map.of("ANTHROPIC_API_KEY", "sk-ant-1"), null);
        reuseApp(second, app);

        second.execute();

        assertEquals(2, lines.stream().filter(l -> l.contains(" unchanged ")).count(), lines.toString());
        assertTrue(lines.contains("INFO Nothing written."), lines.toString());
    }

    /**
     * Every path with sentinel values: settings.xml (plain and encrypted), environment, -D property,
     * prompt, generated tokens, rotation, a rejected shape, a missing secret, and a write SSM refuses.
     */
    @Test
    public void testNoSecretValueReachesAnyLogLineOrExceptionMessageAtAnyLevel() throws Exception {
        List<String> captured = new ArrayList<>(lines);
        JulCapture jul = JulCapture.start();
        List<String> sentinels = new ArrayList<>();
        try {
            String anthropic = "sk-ant-SENTINEL-A-" + System.nanoTime();
            String telegram = "424242:" + "SENTINELB".repeat(3) + "sentinel";
            String gemini = "SENTINEL-C-" + System.nanoTime();
            String openai = "SENTINEL-D-" + System.nanoTime();
            String prompted = "SENTINEL-E-" + System.nanoTime();
            sentinels.addAll(List.of(anthropic, telegram, gemini, openai, prompted));
            Path security = Files.createTempFile("settings-security", ".xml");
            Server encrypted = server("openclaw-anthropic-api-key", encryptAsMavenDoes(security, anthropic));
            System.setProperty("openclaw.secret.openai-api-key", openai);

            // settings (encrypted + plain), environment, property; tokens generated
            Mojo mojo = secrets(
                    settings(false, encrypted, server("openclaw-telegram-bot-token", telegram)),
                    Map.of("GEMINI_API_KEY", gemini),
                    null);
            setVariableValueToObject(mojo, "telegram", true);
            mojo.execute();
            String app = appName;
            for (String generated : List.of("openclaw-gateway-token", "telegram-webhook-secret")) {
                sentinels.add(stored(app, generated));
            }

            // rotation of everything, and a prompt for a key that must get a new value
            mojo = secrets(
                    settings(true, encrypted, server("openclaw-telegram-bot-token", telegram)),
                    Map.of("GEMINI_API_KEY", gemini),
                    label -> prompted);
            reuseApp(mojo, app);
            setVariableValueToObject(mojo, "telegram", true);
            setVariableValueToObject(mojo, "rotate", "all");
            mojo.execute();
            mojo = secrets(settings(true), Map.of(), label -> prompted);
            reuseApp(mojo, app);
            setVariableValueToObject(mojo, "rotate", "gemini-api-key");
            mojo.execute();
            assertEquals(prompted, stored(app, "gemini-api-key"));
            for (String generated : List.of("openclaw-gateway-token", "telegram-webhook-secret")) {
                sentinels.add(stored(app, generated));
            }

            // failures: a rejected shape, a rotation without a new value, a value SSM refuses (too long)
            captured.addAll(failureMessages(
                    null, settings(false), Map.of("TELEGRAM_BOT_TOKEN", "SENTINEL-F-badshape"), true, null));
            captured.addAll(failureMessages(
                    null, settings(false), Map.of("ANTHROPIC_API_KEY", "sk-ant-SENTINEL G"), false, null));
            captured.addAll(failureMessages(
                    app, settings(false), Map.of("ANTHROPIC_API_KEY", anthropic), false, "anthropic-api-key"));
            // a write SSM refuses: while the prompt waits, another writer creates the gateway token this run is about
            // to create
            String raced = "SENTINEL-H-" + System.nanoTime();
            Mojo racing = secrets(settings(true), Map.of(), label -> {
                try (SsmClient ssm = quietSsm()) {
                    ssm.putParameter(b -> b.name(new AppNames(appName).secretParameter("openclaw-gateway-token"))
                            .value("other-writer")
                            .type("SecureString"));
                }
                return raced;
            });
            try {
                racing.execute();
                fail("a write that SSM refuses must fail");
            } catch (MojoFailureException e) {
                assertTrue(
                        e.getMessage().startsWith("writing /" + appName + "/secrets/openclaw-gateway-token failed"),
                        e.getMessage());
                captured.add(e.getMessage());
            }
            sentinels.addAll(List.of("SENTINEL-F-badshape", "SENTINEL G", raced));
        } finally {
            jul.stop();
        }
        captured.addAll(lines);
        captured.addAll(jul.lines);
        assertTrue(
                jul.lines.stream().anyMatch(l -> l.contains("FINE") && l.contains("software.amazon.awssdk")),
                "the capture must have listened at debug level (AWS SDK request logs)");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN") && l.contains("shell history")), lines.toString());
        for (String sentinel : sentinels) {
            for (String line : captured) {
                assertFalse(
                        line.contains(sentinel), "a secret value leaked into: " + line.replace(sentinel, "<<HERE>>"));
            }
        }
    }

    /** Runs the goal expecting a failure (on {@code app}'s parameters when given) and returns every exception message. */
    private List<String> failureMessages(
            String app, Settings settings, Map<String, String> environment, boolean telegram, String rotate)
            throws Exception {
        Mojo mojo = secrets(settings, environment, null);
        setVariableValueToObject(mojo, "telegram", telegram);
        setVariableValueToObject(mojo, "rotate", rotate);
        if (app != null) {
            reuseApp(mojo, app);
        }
        try {
            mojo.execute();
            fail("expected a failure for " + environment.keySet());
            return List.of();
        } catch (MojoFailureException e) {
            List<String> messages = new ArrayList<>();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            return messages;
        }
    }

    /** Listens to java.util.logging at every level (SLF4J is bound to it in the tests). */
    private static final class JulCapture extends Handler {
        final List<String> lines = new ArrayList<>();
        private final Logger root = Logger.getLogger("");
        private Level previous;

        static JulCapture start() {
            JulCapture capture = new JulCapture();
            capture.setLevel(Level.ALL);
            capture.setFormatter(new SimpleFormatter());
            capture.previous = capture.root.getLevel();
            capture.root.setLevel(Level.ALL);
            capture.root.addHandler(capture);
            return capture;
        }

        void stop() {
            root.removeHandler(this);
            root.setLevel(previous);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + record.getLoggerName() + " "
                    + getFormatter().format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** The mojo's log with debug enabled; every level recorded. */
    private record CapturingLog(List<String> lines) implements Log {
        private void add(String level, CharSequence content, Throwable error) {
            lines.add(level + " " + (content == null ? "" : content) + (error == null ? "" : " " + error));
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public void debug(CharSequence content) {
            add("DEBUG", content, null);
        }

        @Override
        public void debug(CharSequence content, Throwable error) {
            add("DEBUG", content, error);
        }

        @Override
        public void debug(Throwable error) {
            add("DEBUG", null, error);
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public void info(CharSequence content) {
            add("INFO", content, null);
        }

        @Override
        public void info(CharSequence content, Throwable error) {
            add("INFO", content, error);
        }

        @Override
        public void info(Throwable error) {
            add("INFO", null, error);
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public void warn(CharSequence content) {
            add("WARN", content, null);
        }

        @Override
        public void warn(CharSequence content, Throwable error) {
            add("WARN", content, error);
        }

        @Override
        public void warn(Throwable error) {
            add("WARN", null, error);
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public void error(CharSequence content) {
            add("ERROR", content, null);
        }

        @Override
        public void error(CharSequence content, Throwable error) {
            add("ERROR", content, error);
        }

        @Override
        public void error(Throwable error) {
            add("ERROR", null, error);
        }
    }
}
