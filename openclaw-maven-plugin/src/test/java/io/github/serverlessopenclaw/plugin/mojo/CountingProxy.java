package io.github.serverlessopenclaw.plugin.mojo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny forward proxy on loopback that counts what it carries: plain HTTP requests in absolute form (forwarded,
 * one per connection) and CONNECT tunnels. A scripted stand-in: the test only needs to see that a client chose the
 * proxy; a real proxy would add nothing the assertion can observe.
 */
final class CountingProxy implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    CountingProxy() throws IOException {
        Thread acceptor = new Thread(this::accept, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request lines seen, such as {@code GET http://127.0.0.1:5000/v2/x/manifests/y HTTP/1.1}. */
    List<String> requests() {
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "counting-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            requests.add(requestLine);
            String[] parts = requestLine.split(" ");
            if (parts[0].equals("CONNECT")) {
                String[] hostPort = parts[1].split(":");
                try (Socket target = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    client.getOutputStream()
                            .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    Thread up = pipe(in, target.getOutputStream());
                    target.getInputStream().transferTo(client.getOutputStream());
                    up.join(1000);
                }
                return;
            }
            URI uri = URI.create(parts[1]);
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String headers = head.substring(head.indexOf("\r\n") + 2)
                    .replaceAll("(?im)^(connection|proxy-connection|keep-alive):.*\r\n", "");
            try (Socket target = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = target.getOutputStream();
                out.write((parts[0] + " " + path + " " + parts[2] + "\r\nConnection: close\r\n" + headers)
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                target.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // the client sees a closed connection
        }
    }

    private static Thread pipe(InputStream from, OutputStream to) {
        Thread thread = new Thread(
                () -> {
                    try {
                        from.transferTo(to);
                    } catch (IOException e) {
                        // tunnel closed
                    }
                },
                "counting-proxy-tunnel");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The request line and headers, up to and including the blank line (requests here carry no body). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) != -1; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
