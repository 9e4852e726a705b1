package sc.fiji.dinovit.model.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP server on 127.0.0.1 and an ephemeral port, counting requests per path. */
final class TestHttpServer implements AutoCloseable {

	private final HttpServer server;
	private final ExecutorService executor = Executors.newCachedThreadPool();
	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	TestHttpServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(executor);
		server.start();
	}

	URI uri(final String path) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
	}

	int requests(final String path) {
		final AtomicInteger n = requests.get(path);
		return n == null ? 0 : n.get();
	}

	/** Serves the handler at exactly this path, counting requests. */
	void handle(final String path, final HttpHandler handler) {
		server.createContext(path, exchange -> {
			requests.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger())
				.incrementAndGet();
			try {
				handler.handle(exchange);
			}
			finally {
				exchange.close();
			}
		});
	}

	/** Serves these bytes with a Content-Length. */
	void serve(final String path, final byte[] content) {
		handle(path, exchange -> send(exchange, content, 0));
	}

	/** Serves these bytes in chunks of 1 KiB with a pause after each (to overlap requests). */
	void serveSlowly(final String path, final byte[] content, final long pauseMillis) {
		handle(path, exchange -> send(exchange, content, pauseMillis));
	}

	/** Answers with an HTTP status and a short text body. */
	void status(final String path, final int code) {
		handle(path, exchange -> {
			final byte[] body = ("status " + code).getBytes();
			exchange.sendResponseHeaders(code, body.length);
			exchange.getResponseBody().write(body);
		});
	}

	void redirect(final String path, final String location, final int code) {
		handle(path, exchange -> {
			exchange.getResponseHeaders().add("Location", location);
			exchange.sendResponseHeaders(code, -1);
		});
	}

	private static void send(final HttpExchange exchange, final byte[] content, final long pauseMillis)
		throws IOException
	{
		exchange.sendResponseHeaders(200, content.length);
		try (OutputStream out = exchange.getResponseBody()) {
			for (int off = 0; off < content.length; off += 1024) {
				out.write(content, off, Math.min(1024, content.length - off));
				out.flush();
				if (pauseMillis > 0) sleep(pauseMillis);
			}
		}
	}

	static void sleep(final long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}
}
