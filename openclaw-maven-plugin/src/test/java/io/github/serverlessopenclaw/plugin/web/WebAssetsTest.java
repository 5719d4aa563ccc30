package io.github.serverlessopenclaw.plugin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebAssetsTest {
    @Test
    void readsTheFilesUnderOpenclawWebFromAJarOnTheClasspath(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("openclaw-web.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out)) {
            for (String[] entry : new String[][] {
                {"openclaw-web/", null},
                {"openclaw-web/index.html", "<html></html>"},
                {"openclaw-web/assets/index-AbCd1234.js", "js"},
                {"META-INF/maven/x/pom.properties", "not part of the site"}
            }) {
                zip.putNextEntry(new JarEntry(entry[0]));
                if (entry[1] != null) {
                    zip.write(entry[1].getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            WebAssets assets = WebAssets.fromClassLoader(loader);
            assertThat(assets.files())
                    .extracting(WebFile::key)
                    .containsExactly("assets/index-AbCd1234.js", "index.html");
            assertThat(new String(assets.files().get(1).content(), StandardCharsets.UTF_8))
                    .isEqualTo("<html></html>");
        }
    }

    @Test
    void aClasspathWithoutTheUiSaysSo() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> WebAssets.fromClassLoader(empty)).hasMessageContaining("openclaw-web");
        }
    }

    @Test
    void typesCachingAndDigests() {
        WebFile js = new WebFile("assets/index-BvIqWdOn.js", "abc".getBytes(StandardCharsets.UTF_8));
        assertThat(js.hashed()).isTrue();
        assertThat(js.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(js.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(js.path()).isEqualTo("/assets/index-BvIqWdOn.js");
        assertThat(new WebFile("index.html", new byte[0]).hashed()).isFalse();
        assertThat(new WebFile("index.html", new byte[0]).cacheControl()).isEqualTo("no-cache");
        assertThat(new WebFile("favicon-small.svg", new byte[0]).hashed()).isFalse();
        WebFile map = new WebFile("assets/index-BvIqWdOn.js.map", new byte[0]);
        assertThat(map.contentType()).isEqualTo("application/json");
        assertThat(map.hashed()).isTrue();
        assertThat(new WebFile("apple-touch-icon-precomposed.png", new byte[0]).hashed())
                .isFalse();
        assertThat(new WebFile("font.woff2", new byte[0]).contentType()).isEqualTo("font/woff2");
        assertThat(new WebFile("README", new byte[0]).contentType()).isEqualTo("application/octet-stream");
        assertThatThrownBy(() -> new WebFile("../etc/passwd", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
