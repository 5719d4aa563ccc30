package io.github.serverlessopenclaw.plugin.users;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a generated password goes instead of the build log (which CI keeps and shares): a file only its
 * owner can read (0600 in a 0700 directory on POSIX systems; elsewhere, owner-only read and write flags).
 */
public final class PasswordFile {
    private PasswordFile() {}

    /** {@code ~/.openclaw/<appName>/<email>.password}: outside any project, so it is never committed. */
    public static Path defaultPath(String appName, String email) {
        return Path.of(System.getProperty("user.home"), ".openclaw", safe(appName), safe(email) + ".password");
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9@._+-]", "_");
    }

    /** Writes the password (replacing an older file); fails with the fix when it cannot. */
    public static void write(Path file, String password) {
        Path target = file.toAbsolutePath();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Files.deleteIfExists(target);
            if (posix) {
                // created with the permissions, so the password is never readable by others, not even for a moment
                Files.createFile(
                        target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(target);
                var f = target.toFile();
                f.setReadable(false, false);
                f.setWritable(false, false);
                f.setReadable(true, true);
                f.setWritable(true, true);
            }
            Files.writeString(target, password + System.lineSeparator());
        } catch (IOException e) {
            throw new ConfigurationException("Cannot write the generated password to " + target + " (" + e.getMessage()
                    + "); nothing was created. Pass " + PropertyNames.flag(PropertyNames.PASSWORD_FILE)
                    + "=<a writable path>, or supply a password");
        }
    }
}
