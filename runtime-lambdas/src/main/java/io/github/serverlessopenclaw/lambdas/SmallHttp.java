package io.github.serverlessopenclaw.lambdas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The few plain HTTP calls the Lambdas make (bridge, Telegram Bot API, JWKS) over the JDK's
 * HttpURLConnection, which is already loaded by the SDK's URL-connection client: bounded in time
 * (connect and read timeouts) and in response size.
 */
final class SmallHttp {
    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private SmallHttp() {}

    static Response send(
            String method, String url, Map<String, String> headers, String body, int timeoutMs, int maxResponseBytes)
            throws IOException {
        return send(method, url, headers, body, timeoutMs, maxResponseBytes, null);
    }

    /**
     * With {@code tls} (an https URL): the connection trusts what that context trusts and nothing else, and
     * checks no host name (the pinned bridge certificate names no host; the pin is the check).
     */
    static Response send(
            String method,
            String url,
            Map<String, String> headers,
            String body,
            int timeoutMs,
            int maxResponseBytes,
            SSLSocketFactory tls)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        if (tls != null) {
            if (!(connection instanceof HttpsURLConnection https)) {
                throw new IOException("a pinned call needs an https URL");
            }
            https.setSSLSocketFactory(tls);
            https.setHostnameVerifier((host, session) -> true);
        }
        try {
            connection.setRequestMethod(method);
            connection.setConnectTimeout(timeoutMs);
            connection.setReadTimeout(timeoutMs);
            connection.setInstanceFollowRedirects(false);
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Response(status, stream == null ? "" : readBounded(stream, maxResponseBytes));
        } finally {
            connection.disconnect();
        }
    }

    /** Reads at most {@code max} bytes, null when the stream is longer. */
    static String readBoundedOrNull(InputStream stream, int max) throws IOException {
        try {
            return readBounded(stream, max);
        } catch (TooLarge e) {
            return null;
        }
    }

    static final class TooLarge extends IOException {
        TooLarge(int max) {
            super("response larger than " + max + " bytes");
        }
    }

    /** Reads at most {@code max} bytes; a longer response is an error, not a truncated success. */
    static String readBounded(InputStream stream, int max) throws IOException {
        try (InputStream in = stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (buffer.size() + read > max) {
                    throw new TooLarge(max);
                }
                buffer.write(chunk, 0, read);
            }
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
