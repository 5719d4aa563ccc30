package io.github.serverlessopenclaw.plugin.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The Node runtime for the image: the npm package {@code node-linux-<cpu>@<version>}, fetched with the
 * machine's npm (its registry, proxy and auth), checked against the registry's {@code dist.integrity},
 * and reduced to what runs ({@code bin/node} and the licence). Cached per version and architecture.
 */
public final class NodeDistribution {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    /** Tarball paths kept in the layer, and where they go under the Node folder. */
    private static final Map<String, String> KEPT =
            Map.of("package/bin/node", "bin/node", "package/LICENSE", "LICENSE");

    private static final String KIND = "node";

    private final Npm npm;
    private final CacheDirectory cache;
    private final ObjectMapper json = new ObjectMapper();

    public NodeDistribution(Npm npm, CacheDirectory cache) {
        this.npm = npm;
        this.cache = cache;
    }

    /**
     * The Node 24 release this plugin pins (runtime-container/openclaw/node.version, bundled in the jar),
     * published for both arm64 and x64 as npm packages.
     */
    public static String pinnedVersion() {
        try (InputStream in = OpenClawModules.bundled("node.version")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@link #prepare} puts this version and CPU (its name is the cache key). */
    public Path location(String version, Architecture architecture) {
        validate(version, architecture);
        return cache.location(KIND, key(version, architecture));
    }

    /** A folder holding {@code bin/node} (mode 755) and {@code LICENSE} for this version and CPU. */
    public Path prepare(String version, Architecture architecture) {
        validate(version, architecture);
        String spec = architecture.nodePackage() + "@" + version;
        return cache.entry(KIND, key(version, architecture), dir -> {
            String expected = json.readTree(npm.run(dir, List.of("view", spec, "dist.integrity", "--json")))
                    .asText();
            if (!expected.startsWith("sha512-")) {
                throw new ConfigurationException("the npm registry has no sha512 integrity for " + spec + "; check "
                        + PropertyNames.flag(PropertyNames.NODE_VERSION) + " and npm config get registry");
            }
            JsonNode packed =
                    json.readTree(npm.run(dir, List.of("pack", spec, "--json", "--pack-destination", dir.toString())));
            Path tarball = dir.resolve(packed.get(0).get("filename").asText());
            verify(tarball, expected, spec);
            extract(tarball, dir);
            Files.delete(tarball);
        });
    }

    private static String key(String version, Architecture architecture) {
        return version + "-" + architecture.npmCpu();
    }

    private static void validate(String version, Architecture architecture) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new ConfigurationException("Node version '" + version + "' is not an exact version: use for example"
                    + " " + PropertyNames.flag(PropertyNames.NODE_VERSION) + "=" + pinnedVersion()
                    + " (a version published as npm package "
                    + architecture.nodePackage() + ")");
        }
    }

    private static void verify(Path tarball, String expectedIntegrity, String spec) throws IOException {
        try (InputStream in = Files.newInputStream(tarball)) {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha512.update(buffer, 0, n);
            }
            String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
            if (!actual.equals(expectedIntegrity)) {
                throw new ImageException("the tarball of " + spec + " does not match the registry's integrity ("
                        + actual + " != " + expectedIntegrity + "); it was not used");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(Path tarball, Path dir) throws IOException {
        int found = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String target = KEPT.get(entry.getName());
                if (target == null || !entry.isFile()) {
                    continue;
                }
                Path file = dir.resolve(target);
                Files.createDirectories(file.getParent());
                Files.copy(tar, file);
                boolean executable = (entry.getMode() & 0100) != 0;
                Files.setPosixFilePermissions(
                        file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                found++;
            }
        }
        if (found != KEPT.size()) {
            throw new ImageException(tarball.getFileName() + " does not hold " + KEPT.keySet());
        }
    }
}
