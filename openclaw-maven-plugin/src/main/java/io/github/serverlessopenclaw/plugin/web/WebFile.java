package io.github.serverlessopenclaw.plugin.web;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** One file of the site: its key in the bucket (no leading slash) and its bytes. */
public record WebFile(String key, byte[] content) {
    /**
     * Vite writes built files as {@code assets/name-<8+ char hash>.ext} (and {@code .ext.map}): such a
     * name never gets other content, so browsers and CloudFront may keep it for a year.
     */
    private static final Pattern HASHED = Pattern.compile("^assets/(.+/)?[^/]+-[A-Za-z0-9_-]{8,}(\\.[a-z0-9]+)+$");

    static final String CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
    /** Everything else is revalidated on each load, so a new deployment shows at once. */
    static final String CACHE_REVALIDATE = "no-cache";

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("wasm", "application/wasm"));

    public WebFile {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException("not a site path: " + key);
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public int size() {
        return content.length;
    }

    public String contentType() {
        int dot = key.lastIndexOf('.');
        String extension = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    public boolean hashed() {
        return HASHED.matcher(key).find();
    }

    public String cacheControl() {
        return hashed() ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
    }

    /** Hex MD5 of the content: what S3 reports as the ETag of an object uploaded in one PUT. */
    public String md5() {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(content);
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL path CloudFront serves this file under. */
    public String path() {
        return "/" + key;
    }
}
