package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Constants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who the OpenClaw gateway runs as. When the bridge is root (in the container it is), the gateway is started
 * through util-linux {@code setpriv} as {@link Constants#GATEWAY_UID}: no supplementary groups, no inheritable
 * capabilities, and {@code no_new_privs}, so no set-user-ID program gives root back. The agent's commands then
 * cannot read the bridge's {@code /proc/<pid>/environ}, signal it, or open its root-only files. When the bridge
 * is not root (a developer's machine, tests run as a normal user) it cannot change user: the gateway runs as
 * the bridge's own user, still with only its own environment, and the bridge says so once.
 */
final class GatewayUser {
    /** Where util-linux puts setpriv on Ubuntu (the eclipse-temurin base) and Debian. */
    static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private final int uid;
    private final int gid;
    private final Path setpriv;
    private final String description;

    private GatewayUser(int uid, int gid, Path setpriv, String description) {
        this.uid = uid;
        this.gid = gid;
        this.setpriv = setpriv;
        this.description = description;
    }

    /** The gateway user for a bridge running as the current process's user. */
    static GatewayUser forThisProcess() {
        return of(
                currentUid(),
                SETPRIV.stream().filter(Files::isExecutable).findFirst().orElse(null));
    }

    static GatewayUser of(int bridgeUid, Path setpriv) {
        if (bridgeUid != 0) {
            return same("the bridge runs as uid " + bridgeUid
                    + ", not root, so it cannot start the gateway as another user");
        }
        if (setpriv == null) {
            throw new IllegalStateException(
                    "the bridge runs as root but setpriv (util-linux) is not in " + SETPRIV
                            + ": it will not start the OpenClaw gateway as root; use a base image with util-linux (Ubuntu, Debian)");
        }
        return new GatewayUser(
                Constants.GATEWAY_UID,
                Constants.GATEWAY_GID,
                setpriv,
                "the gateway runs as uid " + Constants.GATEWAY_UID + ":" + Constants.GATEWAY_GID
                        + " (the bridge is root) with no groups, no capabilities and no_new_privs");
    }

    /** The bridge's own user (only the measurement chooses this as root, to compare start times). */
    static GatewayUser same(String why) {
        return new GatewayUser(
                -1,
                -1,
                null,
                "user separation is off: " + why + "; the gateway runs as the bridge's"
                        + " user with only its own environment (in the container the bridge is root and the gateway runs as uid "
                        + Constants.GATEWAY_UID + ")");
    }

    /** True when the gateway runs as another user than the bridge. */
    boolean separate() {
        return setpriv != null;
    }

    int uid() {
        return uid;
    }

    String description() {
        return description;
    }

    /** The command that runs {@code command} as this user. */
    List<String> command(List<String> command) {
        if (!separate()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(
                setpriv.toString(),
                "--reuid=" + uid,
                "--regid=" + gid,
                "--clear-groups",
                "--no-new-privs",
                "--inh-caps=-all",
                "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Gives {@code root} and everything under it to this user, never following a symbolic link (a link is
     * re-owned itself, its target is left alone). Only called while no agent runs, so nothing is swapped meanwhile.
     */
    void own(Path root) {
        if (!separate() || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    chown(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    chown(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + root + " to the gateway user " + uid, e);
        }
    }

    private void chown(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Copies {@code file} into {@code target} with this user's rights ({@code cat} under setpriv, so a link is
     * followed only as far as this user could follow it); false when this user cannot read it.
     */
    boolean readAs(Path file, Path target) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(List.of("/bin/cat", "--", file.toString())))
                .redirectOutput(target.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        Process cat = builder.start();
        try {
            if (!cat.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                cat.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            cat.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + file, e);
        }
        return cat.exitValue() == 0;
    }

    /**
     * Fails with a clear message when this user cannot open {@code path}: every folder on the way must be
     * searchable by it (for root-owned folders: by others), the file itself readable.
     */
    void requireReachable(Path path) {
        if (!separate()) {
            return;
        }
        Path absolute = path.toAbsolutePath().normalize();
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            if (!allowed(dir, 1)) {
                throw new IllegalStateException(
                        "the gateway runs as uid " + uid + " but cannot reach " + absolute + ": " + dir
                                + " is not searchable by it; make the folders on the way searchable by others (chmod o+x)");
            }
        }
        if (!allowed(absolute, 4)) {
            throw new IllegalStateException("the gateway runs as uid " + uid + " but cannot read " + absolute
                    + "; make it readable by others (chmod o+r)");
        }
    }

    /** {@code bit}: 4 read, 1 search/execute, checked against owner, group or others as the kernel does. */
    private boolean allowed(Path path, int bit) {
        try {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:uid,gid,mode");
            int mode = (Integer) attributes.get("mode");
            if ((Integer) attributes.get("uid") == uid) {
                return (mode & (bit << 6)) != 0;
            }
            if ((Integer) attributes.get("gid") == gid) {
                return (mode & (bit << 3)) != 0;
            }
            return (mode & bit) != 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + path, e);
        }
    }

    /** The effective uid: {@code /proc/self} belongs to it; -1 where there is no /proc (then never root). */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
