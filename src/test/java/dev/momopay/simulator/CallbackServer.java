package dev.momopay.simulator;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helper: a JDK HTTP server that records callbacks. */
final class CallbackServer implements AutoCloseable {
    record Received(String method, String path, String body, long nanos) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** The first {@code failFirst} requests are answered 500. */
    final AtomicInteger failFirst = new AtomicInteger();
    private final HttpServer server;

    CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), body, System.nanoTime()));
                int status = failFirst.getAndUpdate(x -> x > 0 ? x - 1 : 0) > 0 ? 500 : 200;
                ex.sendResponseHeaders(status, -1);
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    List<Received> forPath(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
