package io.github.serverlessopenclaw.plugin.doctor;

/** One line of the doctor's checklist: what was checked, what was found, and for a failure the fix. */
public record Check(String name, Status status, String detail, String fix) {

    public enum Status {
        PASS("✔"),
        WARN("!"),
        FAIL("✘"),
        NOT_CHECKED("·");

        private final String symbol;

        Status(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static Check pass(String name, String detail) {
        return new Check(name, Status.PASS, detail, "");
    }

    public static Check warn(String name, String detail, String fix) {
        return new Check(name, Status.WARN, detail, fix);
    }

    public static Check fail(String name, String detail, String fix) {
        return new Check(name, Status.FAIL, detail, fix);
    }

    public static Check notChecked(String name, String why) {
        return new Check(name, Status.NOT_CHECKED, why, "");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** {@code ✔ JDK  17.0.15} or {@code ✘ node  not found — fix: …}. */
    public String line() {
        String text = status.symbol() + " " + String.format("%-16s", name) + " " + detail;
        return fix.isEmpty() ? text : text + "\n      fix: " + fix;
    }
}
