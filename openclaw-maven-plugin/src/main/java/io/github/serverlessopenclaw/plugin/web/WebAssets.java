package io.github.serverlessopenclaw.plugin.web;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The built web UI: the files the {@code openclaw-web} artifact carries under {@code openclaw-web/}
 * (on the plugin's classpath; it holds static files only), or a directory such as {@code web/dist}.
 */
public final class WebAssets {
    /** The resource folder the web module packages its {@code dist/} into. */
    public static final String RESOURCE_ROOT = "openclaw-web/";

    private static final String MARKER = RESOURCE_ROOT + "index.html";

    private final List<WebFile> files;

    private WebAssets(List<WebFile> files) {
        if (files.stream().noneMatch(f -> f.key().equals(SiteConfig.INDEX))) {
            throw new IllegalStateException("the web UI has no index.html: the openclaw-web build is incomplete");
        }
        List<WebFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(WebFile::key));
        this.files = Collections.unmodifiableList(sorted);
    }

    public List<WebFile> files() {
        return files;
    }

    /** The UI bundled with this plugin. */
    public static WebAssets bundled() {
        return fromClassLoader(WebAssets.class.getClassLoader());
    }

    static WebAssets fromClassLoader(ClassLoader loader) {
        URL marker = loader.getResource(MARKER);
        if (marker == null) {
            throw new IllegalStateException(
                    "the plugin was built without the openclaw-web artifact (" + MARKER + " is not on its classpath)");
        }
        try {
            return switch (marker.getProtocol()) {
                case "jar" -> fromJar(marker);
                case "file" -> fromDirectory(Path.of(marker.toURI()).getParent());
                default -> throw new IllegalStateException("cannot read the web UI from " + marker);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("reading the web UI from " + marker, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebAssets fromJar(URL marker) throws IOException {
        JarURLConnection connection = (JarURLConnection) marker.openConnection();
        connection.setUseCaches(false);
        List<WebFile> files = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(RESOURCE_ROOT)) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    files.add(new WebFile(entry.getName().substring(RESOURCE_ROOT.length()), in.readAllBytes()));
                }
            }
        }
        return new WebAssets(files);
    }

    /** The files of {@code directory} (the {@code openclaw.webDirectory} parameter) when given, else the bundled UI. */
    public static WebAssets bundledOr(Optional<Path> directory) {
        if (directory.isEmpty()) {
            return bundled();
        }
        if (!Files.isRegularFile(directory.get().resolve("index.html"))) {
            throw new ConfigurationException(PropertyNames.flag(PropertyNames.WEB_DIRECTORY) + "=" + directory.get()
                    + " has no index.html: point it at a built web UI (npm run build writes web/dist)");
        }
        return fromDirectory(directory.get());
    }

    /** Every regular file under {@code root}, keyed by its relative path with forward slashes. */
    public static WebAssets fromDirectory(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<WebFile> files = new ArrayList<>();
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.add(new WebFile(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path)));
            }
            return new WebAssets(files);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the web UI from " + root, e);
        }
    }
}
