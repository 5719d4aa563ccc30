package io.github.serverlessopenclaw.plugin.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import io.github.serverlessopenclaw.common.Constants;

/**
 * Where things live inside the container image. The bridge finds Node and OpenClaw through
 * {@link io.github.serverlessopenclaw.common.Env#OPENCLAW_NODE} and
 * {@link io.github.serverlessopenclaw.common.Env#OPENCLAW_PACKAGE_DIR}, which the image sets; their paths are
 * in {@link Constants} because the bridge defaults to them.
 */
public final class ImageLayout {
    private ImageLayout() {}

    /** Node 24: {@code /opt/node/bin/node}. */
    public static final AbsoluteUnixPath NODE_DIR = AbsoluteUnixPath.get(Constants.IMAGE_NODE_DIR);

    public static final AbsoluteUnixPath NODE_BINARY = AbsoluteUnixPath.get(Constants.IMAGE_NODE_BINARY);
    /** OpenClaw's npm project: {@code /opt/openclaw/node_modules/openclaw/openclaw.mjs}. */
    public static final AbsoluteUnixPath OPENCLAW_DIR = AbsoluteUnixPath.get(Constants.IMAGE_OPENCLAW_DIR);

    public static final AbsoluteUnixPath OPENCLAW_PACKAGE = AbsoluteUnixPath.get(Constants.IMAGE_OPENCLAW_PACKAGE_DIR);
    /** The bridge: third-party jars, then the project's own jars (they change most often, so on top). */
    public static final AbsoluteUnixPath APP_DIR = AbsoluteUnixPath.get("/app");

    public static final AbsoluteUnixPath LIBS_DIR = APP_DIR.resolve("libs");
    public static final AbsoluteUnixPath BRIDGE_DIR = APP_DIR.resolve("bridge");
    /**
     * The gateway user's home (its own, mode 0700); OpenClaw keeps its state under {@code ~/.openclaw}. Also the
     * working directory.
     */
    public static final AbsoluteUnixPath HOME_DIR = AbsoluteUnixPath.get("/home/openclaw");
    /**
     * The bridge runs as root: only root can start the OpenClaw gateway as another user, which it does (setpriv)
     * as {@link #GATEWAY_USER}, so the agent cannot read the bridge's environment, memory or files.
     */
    public static final String USER = "0:0";
    /** Numeric, so the base image needs no passwd entry (HOME is set explicitly). */
    public static final String GATEWAY_USER = Constants.GATEWAY_UID + ":" + Constants.GATEWAY_GID;

    /**
     * The JRE's bin first (eclipse-temurin keeps it in /opt/java/openjdk), then Node, then the usual
     * directories: the entrypoint runs {@code java} by name, and OpenClaw may start {@code node}.
     */
    public static final String PATH = "/opt/java/openjdk/bin:" + NODE_DIR.resolve("bin")
            + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}
