package dev.momopay.payout.momo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A deliberately small HTTP/1.1 server on raw sockets, so a test can make the connection misbehave in ways a
 * real HTTP server will not: accept and never answer, close without answering (FIN), or reset (RST).
 */
final class RawHttpServer implements AutoCloseable {

    record Request(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    sealed interface Action permits Respond, Hang, Close, Reset {
    }

    record Respond(int status, String body, Map<String, String> headers) implements Action {
        Respond(int status, String body) {
            this(status, body, Map.of());
        }
    }

    /** Read the request, then never answer. */
    record Hang() implements Action {
    }

    /** Read the request, then close the socket without answering (FIN). */
    record Close() implements Action {
    }

    /** Read the request, then reset the connection (RST, via SO_LINGER 0). */
    record Reset() implements Action {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Function<Request, Action> handler;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    RawHttpServer(Function<Request, Action> handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    List<Request> requestsTo(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "raw-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Action action = handler.apply(request);
                if (action instanceof Hang) {
                    stopped.await();
                    return;
                } else if (action instanceof Close) {
                    return;
                } else if (action instanceof Reset) {
                    socket.setSoLinger(true, 0);
                    return;
                } else if (action instanceof Respond r) {
                    byte[] body = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
                    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status()).append(" X\r\n");
                    head.append("Content-Length: ").append(body.length).append("\r\n");
                    if (body.length > 0) {
                        head.append("Content-Type: application/json\r\n");
                    }
                    r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                    head.append("\r\n");
                    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    if ("close".equalsIgnoreCase(r.headers().get("Connection"))) {
                        return;
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection gone
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        Map<String, String> headers = new TreeMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        String[] parts = requestLine.split(" ");
        return new Request(parts[0], parts[1], headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = buf.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(c);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        stopped.countDown();
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
