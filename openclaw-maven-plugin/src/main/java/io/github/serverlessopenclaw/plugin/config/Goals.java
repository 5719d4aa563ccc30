package io.github.serverlessopenclaw.plugin.config;

/** The plugin's goal names, once: the mojos' {@code @Mojo(name = …)} and every hint that says which goal to run. */
public final class Goals {
    public static final String PREFIX = "openclaw";

    public static final String DOCTOR = "doctor";
    public static final String SECRETS = "secrets";
    public static final String SYNTH = "synth";
    public static final String PUSH_IMAGE = "push-image";
    public static final String BOOTSTRAP = "bootstrap";
    public static final String DEPLOY = "deploy";
    public static final String DIFF = "diff";
    public static final String OUTPUTS = "outputs";
    public static final String DESTROY = "destroy";
    public static final String STATUS = "status";
    public static final String RESET_STATE = "reset-state";
    public static final String PUBLISH_WEB = "publish-web";
    public static final String TELEGRAM = "telegram";
    public static final String USER_CREATE = "user-create";
    public static final String USER_LIST = "user-list";
    public static final String USER_DELETE = "user-delete";
    public static final String USER_PASSWORD = "user-password";
    public static final String LOGS = "logs";
    public static final String RUN = "run";
    public static final String VERIFY = "verify";

    private Goals() {}

    /** The goal as typed after {@code mvn}: {@code openclaw:deploy}. */
    public static String goal(String name) {
        return PREFIX + ":" + name;
    }

    /** The whole command: {@code mvn openclaw:deploy}. */
    public static String command(String name) {
        return "mvn " + goal(name);
    }
}
