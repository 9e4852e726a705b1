package sc.fiji.dinovit.model.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;

import sc.fiji.dinovit.model.store.ModelStoreException.Reason;

/**
 * One HTTP(S) GET of a model file into a temporary file, hashing it on the way. Follows up to
 * {@value #MAX_REDIRECTS} redirects (also http to https, never https to http), applies a connect
 * timeout and a read timeout (longest silence between two packets), checks the byte count against
 * Content-Length, and turns every failure into a {@link ModelStoreException} naming the URL and
 * the way out. Not thread-safe; one instance per transfer.
 */
final class HttpDownload {

	static final int MAX_REDIRECTS = 10;
	private static final int CHUNK = 1 << 16;
	private static final String USER_AGENT = "DINO-ViT-Features-Fiji (Java " + System.getProperty(
		"java.version") + ")";

	/** Bytes written and their SHA-256. */
	static final class Result {

		final long bytes;
		final String sha256;

		Result(final long bytes, final String sha256) {
			this.bytes = bytes;
			this.sha256 = sha256;
		}
	}

	private final String modelId;
	private final URI url;
	private final int connectTimeoutMillis;
	private final int readTimeoutMillis;

	HttpDownload(final String modelId, final URI url, final Duration connectTimeout,
		final Duration readTimeout)
	{
		this.modelId = modelId;
		this.url = url;
		this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
		this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
	}

	/** How to get the file without this store's network access (offline, missing model). */
	static String offlineAdvice(final String modelId, final URI url) {
		return "Without internet access: download " + url +
			" on a machine that has it, copy the file to this computer and import it as '" + modelId +
			"' (ModelStore.importFile).";
	}

	/** The way around a failed download that a retry may not fix. */
	static String importAdvice(final String modelId, final URI url) {
		return "Alternatively, fetch " + url +
			" with a web browser or on another machine and import the file as '" + modelId +
			"' (ModelStore.importFile).";
	}

	/**
	 * Downloads into {@code temp} (which exists and is empty).
	 *
	 * @param freeSpaceCheck called with the announced length (or -1) before any byte is written
	 */
	Result to(final Path temp, final DownloadProgress progress, final LengthCheck freeSpaceCheck)
		throws ModelStoreException
	{
		final HttpURLConnection connection = open();
		try {
			final long total = connection.getContentLengthLong();
			freeSpaceCheck.check(total);
			return copy(connection, temp, total, progress);
		}
		finally {
			connection.disconnect();
		}
	}

	/** Checks an announced length before the transfer starts. */
	interface LengthCheck {

		void check(long announcedBytes) throws ModelStoreException;
	}

	private HttpURLConnection open() throws ModelStoreException {
		URI current = url;
		for (int hops = 0;; hops++) {
			final HttpURLConnection c = connect(current);
			final int code = responseCode(c, current);
			if (code >= 300 && code < 400 && code != 304) {
				final String location = c.getHeaderField("Location");
				c.disconnect();
				current = redirectTarget(current, location, code, hops);
				continue;
			}
			if (code != HttpURLConnection.HTTP_OK) {
				final String message = responseMessage(c);
				c.disconnect();
				throw fail(Reason.HTTP_ERROR, "the server " + (current.equals(url) ? "" : "(" + current +
					") ") + "answered HTTP " + code + (message != null ? " " + message : "") + ". " +
					httpAdvice(code), null);
			}
			return c;
		}
	}

	private static String responseMessage(final HttpURLConnection c) {
		try {
			return c.getResponseMessage();
		}
		catch (final IOException e) {
			return null;
		}
	}

	private static String httpAdvice(final int code) {
		if (code == 404 || code == 410) return "The file is not (or no longer) at this address; check for a newer version of the plugin or another source of the file.";
		if (code == 401 || code == 403) return "The server refused access; a proxy or firewall may block it.";
		if (code == 429) return "The server is rate-limiting requests; wait a few minutes and try again.";
		if (code >= 500) return "The server has a problem; try again later.";
		return "Try again later.";
	}

	private HttpURLConnection connect(final URI uri) throws ModelStoreException {
		final URLConnection connection;
		try {
			connection = uri.toURL().openConnection();
		}
		catch (final IOException | IllegalArgumentException e) {
			throw fail(Reason.HTTP_ERROR, "cannot open " + uri + ": " + e, e);
		}
		if (!(connection instanceof HttpURLConnection)) throw fail(Reason.HTTP_ERROR,
			"not an http(s) address: " + uri, null);
		final HttpURLConnection c = (HttpURLConnection) connection;
		c.setInstanceFollowRedirects(false);
		c.setConnectTimeout(connectTimeoutMillis);
		c.setReadTimeout(readTimeoutMillis);
		c.setUseCaches(false);
		c.setRequestProperty("User-Agent", USER_AGENT);
		c.setRequestProperty("Accept-Encoding", "identity");
		return c;
	}

	private int responseCode(final HttpURLConnection c, final URI uri) throws ModelStoreException {
		try {
			return c.getResponseCode();
		}
		catch (final SocketTimeoutException e) {
			c.disconnect();
			throw fail(Reason.TIMEOUT, "no answer from " + uri.getHost() + " within the timeout (connect " +
				connectTimeoutMillis / 1000.0 + " s, read " + readTimeoutMillis / 1000.0 +
				" s). Check the internet connection and proxy settings and try again.", e);
		}
		catch (final UnknownHostException e) {
			c.disconnect();
			throw fail(Reason.NETWORK_ERROR, "unknown host " + uri.getHost() +
				" (no internet connection, or DNS/proxy problem). Check the connection and proxy settings (https.proxyHost/https.proxyPort).", e);
		}
		catch (final ConnectException e) {
			c.disconnect();
			throw fail(Reason.NETWORK_ERROR, "cannot connect to " + uri.getHost() + ": " + e
				.getMessage() + ". Check the internet connection and proxy settings and try again.", e);
		}
		catch (final IOException e) {
			c.disconnect();
			throw fail(Reason.NETWORK_ERROR, "request to " + uri + " failed: " + e +
				". Check the internet connection and proxy settings and try again.", e);
		}
	}

	private URI redirectTarget(final URI current, final String location, final int code,
		final int hops) throws ModelStoreException
	{
		if (location == null || location.isBlank()) throw fail(Reason.HTTP_ERROR, "the server answered HTTP " +
			code + " (redirect) from " + current + " without a Location header.", null);
		if (hops + 1 > MAX_REDIRECTS) throw fail(Reason.HTTP_ERROR, "more than " + MAX_REDIRECTS +
			" redirects (last to " + location + "); the server is misconfigured.", null);
		final URI next;
		try {
			next = current.resolve(location.trim());
		}
		catch (final IllegalArgumentException e) {
			throw fail(Reason.HTTP_ERROR, "the server redirected from " + current +
				" to an invalid address '" + location + "'.", e);
		}
		if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(next
			.getScheme())) throw fail(Reason.HTTP_ERROR, "the server redirected from " + current +
				" to the insecure address " + next + "; refusing to downgrade from https.", null);
		return next;
	}

	private Result copy(final HttpURLConnection c, final Path temp, final long total,
		final DownloadProgress progress) throws ModelStoreException
	{
		final MessageDigest digest = Sha256.newDigest();
		final byte[] buffer = new byte[CHUNK];
		long done = 0;
		checkCancel(progress, 0, total);
		try (InputStream in = body(c); FileChannel out = FileChannel.open(temp,
			StandardOpenOption.WRITE))
		{
			while (true) {
				final int n = read(in, buffer, done, total);
				if (n < 0) break;
				write(out, buffer, n, temp);
				digest.update(buffer, 0, n);
				done += n;
				checkCancel(progress, done, total);
			}
			out.force(true);
		}
		catch (final ModelStoreException e) {
			throw e;
		}
		catch (final IOException e) {
			throw new ModelStoreException(Reason.IO_ERROR, "Could not write " + temp + ": " + e, e);
		}
		if (total >= 0 && done != total) throw incomplete(done, total, null);
		return new Result(done, Sha256.hex(digest));
	}

	private InputStream body(final HttpURLConnection c) throws ModelStoreException {
		try {
			return c.getInputStream();
		}
		catch (final IOException e) {
			throw fail(Reason.NETWORK_ERROR, "cannot read the response: " + e + ". Try again.", e);
		}
	}

	private int read(final InputStream in, final byte[] buffer, final long done, final long total)
		throws ModelStoreException
	{
		try {
			return in.read(buffer);
		}
		catch (final SocketTimeoutException e) {
			throw fail(Reason.TIMEOUT, "no data for " + readTimeoutMillis / 1000.0 + " s after " + done +
				" of " + (total >= 0 ? total : "?") + " bytes. Try again (the partial file was removed).",
				e);
		}
		catch (final IOException e) {
			throw incomplete(done, total, e);
		}
	}

	private static void write(final FileChannel out, final byte[] buffer, final int n,
		final Path temp) throws ModelStoreException
	{
		try {
			final ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
			while (b.hasRemaining())
				out.write(b);
		}
		catch (final IOException e) {
			throw new ModelStoreException(Reason.IO_ERROR, "Could not write " + temp + ": " + e +
				". Free some disk space or choose another model folder with -D" +
				ModelCacheLocation.PROPERTY + "=<folder>.", e);
		}
	}

	private void checkCancel(final DownloadProgress progress, final long done, final long total)
		throws ModelStoreException
	{
		if (!progress.update(done, total) || Thread.currentThread().isInterrupted())
			throw new ModelStoreException(Reason.CANCELLED, "Download of '" + modelId + "' from " + url +
				" was cancelled after " + done + " bytes; nothing was kept.");
	}

	private ModelStoreException incomplete(final long done, final long total,
		final IOException cause)
	{
		return fail(Reason.INCOMPLETE, "the connection broke after " + done + " of " + (total >= 0
			? total : "?") + " bytes" + (cause != null ? " (" + cause + ")" : "") +
			". The partial file was removed; try again.", cause);
	}

	private ModelStoreException fail(final Reason reason, final String detail,
		final Throwable cause)
	{
		return new ModelStoreException(reason, "Could not download model '" + modelId + "' from " +
			url + ": " + detail + " " + importAdvice(modelId, url), cause);
	}
}
