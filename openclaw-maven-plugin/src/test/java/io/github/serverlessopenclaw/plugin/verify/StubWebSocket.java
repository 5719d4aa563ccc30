package io.github.serverlessopenclaw.plugin.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted stand-in for the WebSocket API, for the probe's failure paths that the real one cannot be made to show
 * (a socket that never answers, a refused upgrade): RFC 6455's handshake over a plain socket, then on the first client
 * message the given frames. The working path is tested against the real product in LocalRunEndToEndTest.
 */
final class StubWebSocket implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private final ServerSocket server;
    private final int refuseWith;
    private final List<String> answer;
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** {@code refuseWith} 0 accepts the upgrade; otherwise that HTTP status refuses it. */
    StubWebSocket(int refuseWith, List<String> answer) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.refuseWith = refuseWith;
        this.answer = new ArrayList<>(answer);
        Thread thread = new Thread(this::serve, "stub-websocket");
        thread.setDaemon(true);
        thread.start();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/prod");
    }

    private void serve() {
        try {
            while (true) {
                Socket socket = server.accept();
                sockets.add(socket);
                handle(socket);
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            // closed
        }
    }

    private void handle(Socket socket) throws IOException, java.security.GeneralSecurityException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        String head = readHead(in);
        requestLines.add(head.lines().findFirst().orElse(""));
        if (refuseWith != 0) {
            out.write(("HTTP/1.1 " + refuseWith + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.close();
            return;
        }
        String key = head.lines()
                .filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElseThrow();
        String accept = Base64.getEncoder()
                .encodeToString(
                        MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        out.write(
                ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                                + accept + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        received.add(readFrame(in));
        for (String frame : answer) {
            byte[] payload = frame.getBytes(StandardCharsets.UTF_8);
            out.write(0x81);
            if (payload.length < 126) {
                out.write(payload.length);
            } else {
                out.write(126);
                out.write(payload.length >> 8);
                out.write(payload.length & 0xff);
            }
            out.write(payload);
            out.flush();
        }
        // then silence, the socket kept open: as a deployment whose agent never answers
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One masked text frame from the client (short frames only: the probe's message is small). */
    private static String readFrame(InputStream in) throws IOException {
        in.read();
        int length = in.read() & 0x7f;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes(length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
