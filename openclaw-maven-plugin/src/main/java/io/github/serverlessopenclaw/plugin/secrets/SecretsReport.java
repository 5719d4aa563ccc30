package io.github.serverlessopenclaw.plugin.secrets;

import io.github.serverlessopenclaw.common.Secret;
import java.util.List;
import java.util.Optional;

/** What {@link SecretsService#apply} did: one entry per secret, and what must be restarted. Holds no value. */
public record SecretsReport(List<Entry> entries, List<String> restartNotices) {

    public SecretsReport {
        entries = List.copyOf(entries);
        restartNotices = List.copyOf(restartNotices);
    }

    public enum Status {
        SET("set"),
        UNCHANGED("unchanged"),
        GENERATED("generated"),
        MISSING_OPTIONAL("missing (optional)");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the parameter was written in this run. */
        public boolean wrote() {
            return this == SET || this == GENERATED;
        }
    }

    /**
     * @param fingerprint first 4 hex digits of the value's SHA-256, to compare values without showing them
     * @param origin      where a written value came from, or why it was written
     */
    public record Entry(
            Secret secret,
            Status status,
            String parameterName,
            Optional<String> fingerprint,
            boolean rotated,
            Optional<String> origin) {

        /** {@code anthropic-api-key        set          /app/secrets/anthropic-api-key  sha256:1a2b  (from environment ANTHROPIC_API_KEY)}. */
        public String line() {
            return String.format(
                    "%-24s %-18s %-46s %s%s",
                    secret.secretName(),
                    status.label() + (rotated ? " (rotated)" : ""),
                    parameterName,
                    fingerprint.map(f -> "sha256:" + f).orElse("-"),
                    origin.map(o -> "  (" + o + ")").orElse(""));
        }
    }

    public Optional<Entry> entry(Secret secret) {
        return entries.stream().filter(e -> e.secret() == secret).findFirst();
    }

    public long written() {
        return entries.stream().filter(e -> e.status().wrote()).count();
    }
}
