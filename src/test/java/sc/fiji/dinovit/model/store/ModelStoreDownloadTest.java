package sc.fiji.dinovit.model.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.dinovit.model.ModelSpec.Family;
import sc.fiji.dinovit.model.store.ModelStoreException.Reason;

class ModelStoreDownloadTest {

	private static final String ID = "dino_vits8";
	private static final String FILE = "dino_deitsmall8_pretrain.pth";
	private static final String PATH = "/dino/dino_deitsmall8_pretrain/" + FILE;

	@TempDir
	Path root;

	private TestHttpServer server;
	private byte[] content;

	@BeforeEach
	void startServer() throws IOException {
		server = new TestHttpServer();
		content = new byte[200_000];
		new Random(42).nextBytes(content);
	}

	@AfterEach
	void stopServer() {
		server.close();
	}

	private KnownModel model(final String path) {
		return new KnownModel(ID, "Test ViT-S/8", Family.DINO_V1, server.uri(path), FILE,
			content.length);
	}

	private ModelStore store(final KnownModel model) {
		return store(model, Map.of(), Map.of());
	}

	private ModelStore store(final KnownModel model, final Map<String, String> env,
		final Map<String, String> props)
	{
		return ModelStore.builder().root(root).registry(ModelRegistry.of(List.of(model))).environment(
			Environment.of(env, props)).connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration
				.ofSeconds(2)).lockWait(Duration.ofSeconds(10)).build();
	}

	private Path folder() {
		return root.resolve(ID);
	}

	private Path target() {
		return folder().resolve(FILE);
	}

	/** Files of the model folder other than the lock file. */
	private List<String> leftovers() throws IOException {
		if (!Files.isDirectory(folder())) return List.of();
		try (Stream<Path> s = Files.list(folder())) {
			return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted()
				.collect(Collectors.toList());
		}
	}

	private static ModelStoreException fails(final Reason reason, final Executable call) {
		final ModelStoreException e = assertThrows(ModelStoreException.class, call::run);
		assertEquals(reason, e.reason(), e.getMessage());
		return e;
	}

	interface Executable {

		void run() throws Exception;
	}

	@Test
	void downloadStoresFileRecordsShaAndReportsProgress() throws Exception {
		server.serve(PATH, content);
		final List<long[]> calls = new ArrayList<>();
		final Path path = store(model(PATH)).download(ID, (done, total) -> calls.add(new long[] { done,
			total }));

		assertEquals(target(), path);
		assertArrayEquals(content, Files.readAllBytes(path));
		final String sha = Sha256.of(content);
		assertEquals(sha + "  " + FILE + "\n", Files.readString(folder().resolve(FILE + ".sha256")));
		assertEquals(List.of(FILE, FILE + ".sha256"), leftovers());

		assertTrue(calls.size() > 2);
		assertEquals(0, calls.get(0)[0]);
		long previous = -1;
		for (final long[] c : calls) {
			assertEquals(content.length, c[1], "total");
			assertTrue(c[0] >= previous, "monotonic");
			previous = c[0];
		}
		assertEquals(content.length, previous);
		assertEquals(path, store(model(PATH)).resolve(ID));
		assertEquals(sha, store(model(PATH)).verify(ID).sha256().orElseThrow());
	}

	@Test
	void downloadOfIntactFileDoesNotFetchAgain() throws Exception {
		server.serve(PATH, content);
		final ModelStore store = store(model(PATH));
		store.download(ID, DownloadProgress.NONE);
		store.download(ID, DownloadProgress.NONE);
		assertEquals(1, server.requests(PATH));
	}

	@Test
	void downloadWithoutContentLength() throws Exception {
		server.handle(PATH, exchange -> {
			exchange.sendResponseHeaders(200, 0); // chunked
			exchange.getResponseBody().write(content);
		});
		final List<Long> totals = new ArrayList<>();
		final Path path = store(model(PATH)).download(ID, (done, total) -> totals.add(total));
		assertArrayEquals(content, Files.readAllBytes(path));
		assertTrue(totals.stream().allMatch(t -> t == -1), totals.toString());
	}

	@Test
	void reentrantCallFromProgressCallbackFailsFast() throws Exception {
		server.serve(PATH, content);
		final ModelStore store = store(model(PATH));
		assertThrows(IllegalStateException.class, () -> store.download(ID, (done, total) -> {
			try {
				store.remove(ID);
			}
			catch (final ModelStoreException e) {
				throw new AssertionError(e);
			}
			return true;
		}));
		assertEquals(List.of(), leftovers());
	}

	@Test
	void notFoundNamesUrlAndImport() throws Exception {
		server.status(PATH, 404);
		final ModelStoreException e = fails(Reason.HTTP_ERROR, () -> store(model(PATH)).download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains("404"), e.getMessage());
		assertTrue(e.getMessage().contains(server.uri(PATH).toString()), e.getMessage());
		assertTrue(e.getMessage().contains("import"), e.getMessage());
		assertEquals(List.of(), leftovers());
	}

	@Test
	void serverErrorSaysTryLater() throws Exception {
		server.status(PATH, 500);
		final ModelStoreException e = fails(Reason.HTTP_ERROR, () -> store(model(PATH)).download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains("500") && e.getMessage().contains("try again later"), e
			.getMessage());
		assertEquals(List.of(), leftovers());
	}

	@Test
	void connectionClosedMidFileLeavesNothing() throws Exception {
		server.handle(PATH, exchange -> {
			exchange.sendResponseHeaders(200, content.length);
			final OutputStream out = exchange.getResponseBody();
			out.write(content, 0, content.length / 2);
			out.flush();
			exchange.close(); // fewer bytes than announced: the server drops the connection
		});
		final ModelStoreException e = fails(Reason.INCOMPLETE, () -> store(model(PATH)).download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains("of " + content.length + " bytes"), e.getMessage());
		assertEquals(List.of(), leftovers());
		assertFalse(Files.exists(target()));
	}

	@Test
	void wrongContentForExpectedShaIsRejected() throws Exception {
		server.serve(PATH, content);
		final byte[] other = content.clone();
		other[1000] ^= 1;
		final KnownModel pinned = model(PATH).withExpectedSha256(Sha256.of(other));
		final ModelStoreException e = fails(Reason.CHECKSUM_MISMATCH, () -> store(pinned).download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains(Sha256.of(content)), e.getMessage());
		assertEquals(List.of(), leftovers());
	}

	@Test
	void matchingExpectedShaAndSizeAreAccepted() throws Exception {
		server.serve(PATH, content);
		final KnownModel pinned = model(PATH).withExpectedSha256(Sha256.of(content)).withExpectedSize(
			content.length);
		assertArrayEquals(content, Files.readAllBytes(store(pinned).download(ID,
			DownloadProgress.NONE)));
	}

	@Test
	void wrongExactSizeIsRejected() throws Exception {
		server.serve(PATH, content);
		final KnownModel pinned = model(PATH).withExpectedSize(content.length + 1);
		fails(Reason.SIZE_MISMATCH, () -> store(pinned).download(ID, DownloadProgress.NONE));
		assertEquals(List.of(), leftovers());
	}

	@Test
	void errorPageServedWithStatus200IsRejected() throws Exception {
		server.serve(PATH, "<html>Please log in to the Wi-Fi</html>".getBytes());
		final ModelStoreException e = fails(Reason.SIZE_MISMATCH, () -> store(model(PATH)).download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains("error page"), e.getMessage());
		assertEquals(List.of(), leftovers());
	}

	@Test
	void fileModifiedAfterDownloadIsCorruptedUntilDownloadedAgain() throws Exception {
		server.serve(PATH, content);
		final ModelStore store = store(model(PATH));
		store.download(ID, DownloadProgress.NONE);
		final byte[] changed = content.clone();
		changed[12345] ^= 0x40;
		Files.write(target(), changed);

		final ModelStoreException e = fails(Reason.CORRUPTED, () -> store.resolve(ID));
		assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
		assertTrue(e.getMessage().contains("Download it again") && e.getMessage().contains("remove"), e
			.getMessage());

		store.download(ID, DownloadProgress.NONE);
		assertEquals(2, server.requests(PATH));
		assertArrayEquals(content, Files.readAllBytes(store.resolve(ID)));
	}

	@Test
	void fileWithoutRecordIsNotLoadedAndDownloadReplacesIt() throws Exception {
		server.serve(PATH, content);
		Files.createDirectories(folder());
		Files.write(target(), new byte[] { 1, 2, 3 });
		final ModelStore store = store(model(PATH));
		final ModelStoreException e = fails(Reason.NOT_RECORDED, () -> store.resolve(ID));
		assertTrue(e.getMessage().contains("Import it"), e.getMessage());
		store.download(ID, DownloadProgress.NONE);
		assertArrayEquals(content, Files.readAllBytes(store.resolve(ID)));
	}

	@Test
	void cancelDeletesTheTemporaryFile() throws Exception {
		server.serve(PATH, content);
		final ModelStoreException e = fails(Reason.CANCELLED, () -> store(model(PATH)).download(ID, (
			done, total) -> done < 10_000));
		assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
		assertEquals(List.of(), leftovers());
	}

	@Test
	void interruptCancels() throws Exception {
		server.serve(PATH, content);
		try {
			fails(Reason.CANCELLED, () -> store(model(PATH)).download(ID, (done, total) -> {
				if (done > 10_000) Thread.currentThread().interrupt();
				return true;
			}));
		}
		finally {
			Thread.interrupted();
		}
		assertEquals(List.of(), leftovers());
	}

	@ParameterizedTest
	@CsvSource({ "property,ai.djl.offline", "property,dino.offline", "env,DJL_OFFLINE" })
	void offlineModeFailsAtOnceAndPointsToImport(final String kind, final String name)
		throws Exception
	{
		server.serve(PATH, content);
		final Map<String, String> setting = Map.of(name, "true");
		final ModelStore store = kind.equals("env") ? store(model(PATH), setting, Map.of()) : store(
			model(PATH), Map.of(), setting);
		assertTrue(store.isOffline());
		final ModelStoreException e = fails(Reason.OFFLINE, () -> store.download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains(name) && e.getMessage().contains("import"), e.getMessage());
		assertEquals(0, server.requests(PATH));
		assertFalse(Files.exists(target()));
	}

	@Test
	void offlineModeStillReturnsAPresentModel() throws Exception {
		server.serve(PATH, content);
		store(model(PATH)).download(ID, DownloadProgress.NONE);
		final ModelStore offline = store(model(PATH), Map.of(), Map.of("dino.offline", "true"));
		assertEquals(target(), offline.download(ID, DownloadProgress.NONE));
		assertEquals(1, server.requests(PATH));
	}

	@Test
	void leftoverPartFilesAreCleanedUp() throws Exception {
		server.serve(PATH, content);
		Files.createDirectories(folder());
		Files.write(folder().resolve(FILE + ".part-deadbeef"), new byte[100]);
		store(model(PATH)).download(ID, DownloadProgress.NONE);
		assertEquals(List.of(FILE, FILE + ".sha256"), leftovers());
	}

	@Test
	void twoThreadsDownloadingTheSameModelMakeOneRequest() throws Exception {
		server.serveSlowly(PATH, content, 3); // ~0.6 s
		final ModelStore store = store(model(PATH));
		final CountDownLatch start = new CountDownLatch(1);
		final Callable<Path> task = () -> {
			start.await();
			return store.download(ID, DownloadProgress.NONE);
		};
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			final Future<Path> a = pool.submit(task);
			final Future<Path> b = pool.submit(task);
			start.countDown();
			assertEquals(target(), a.get(30, TimeUnit.SECONDS));
			assertEquals(target(), b.get(30, TimeUnit.SECONDS));
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(1, server.requests(PATH));
		assertArrayEquals(content, Files.readAllBytes(store.resolve(ID)));
	}

	@Test
	void twoStoresOnTheSameFolderAlsoShareTheLock() throws Exception {
		server.serveSlowly(PATH, content, 3);
		final CountDownLatch start = new CountDownLatch(1);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			final List<Future<Path>> results = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				final ModelStore store = store(model(PATH));
				results.add(pool.submit(() -> {
					start.await();
					return store.download(ID, DownloadProgress.NONE);
				}));
			}
			start.countDown();
			for (final Future<Path> r : results)
				assertEquals(target(), r.get(30, TimeUnit.SECONDS));
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(1, server.requests(PATH));
	}

	@Test
	void redirectsAreFollowed() throws Exception {
		server.redirect("/old", server.uri("/moved/" + FILE).toString(), 302);
		server.redirect("/moved/" + FILE, "/final/" + FILE, 301); // relative Location
		server.serve("/final/" + FILE, content);
		final Path path = store(model("/old")).download(ID, DownloadProgress.NONE);
		assertArrayEquals(content, Files.readAllBytes(path));
		assertEquals(1, server.requests("/final/" + FILE));
	}

	@Test
	void redirectLoopIsReported() throws Exception {
		server.redirect("/loop", "/loop", 307);
		final ModelStoreException e = fails(Reason.HTTP_ERROR, () -> store(model("/loop")).download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains("redirects"), e.getMessage());
	}

	@Test
	void stalledServerTimesOut() throws Exception {
		server.handle(PATH, exchange -> {
			exchange.sendResponseHeaders(200, content.length);
			exchange.getResponseBody().write(content, 0, 1024);
			exchange.getResponseBody().flush();
			TestHttpServer.sleep(3000);
		});
		final ModelStore store = ModelStore.builder().root(root).registry(ModelRegistry.of(List.of(
			model(PATH)))).environment(Environment.of(Map.of(), Map.of())).readTimeout(Duration
				.ofMillis(300)).build();
		final ModelStoreException e = fails(Reason.TIMEOUT, () -> store.download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains(server.uri(PATH).toString()), e.getMessage());
		assertEquals(List.of(), leftovers());
	}

	@Test
	void refusedConnectionIsANetworkError() throws Exception {
		final int port;
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		final KnownModel m = new KnownModel(ID, "Test", Family.DINO_V1, URI.create("http://127.0.0.1:" +
			port + "/x.pth"), FILE, content.length);
		final ModelStoreException e = fails(Reason.NETWORK_ERROR, () -> store(m).download(ID,
			DownloadProgress.NONE));
		assertTrue(e.getMessage().contains("import"), e.getMessage());
	}

	@Test
	void lockHeldByAnotherProcessMakesDownloadWaitThenGiveUp() throws Exception {
		server.serve(PATH, content);
		Files.createDirectories(folder());
		try (FileChannel other = FileChannel.open(folder().resolve(ID + ".lock"),
			StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = other.lock())
		{
			final ModelStore impatient = ModelStore.builder().root(root).registry(ModelRegistry.of(List
				.of(model(PATH)))).environment(Environment.of(Map.of(), Map.of())).lockWait(Duration
					.ofMillis(500)).build();
			final ModelStoreException e = fails(Reason.LOCKED, () -> impatient.download(ID,
				DownloadProgress.NONE));
			assertTrue(e.getMessage().contains("another program"), e.getMessage());
			fails(Reason.CANCELLED, () -> store(model(PATH)).download(ID, (done, total) -> false));
		}
		assertEquals(0, server.requests(PATH));
		store(model(PATH)).download(ID, DownloadProgress.NONE);
		assertEquals(1, server.requests(PATH));
	}

	@Test
	void resolveOfMissingModelSaysHowToGetIt() throws Exception {
		final ModelStoreException e = fails(Reason.NOT_PRESENT, () -> store(model(PATH)).resolve(ID));
		assertTrue(e.getMessage().contains("download") || e.getMessage().contains("Download"), e
			.getMessage());
		assertTrue(e.getMessage().contains("import") && e.getMessage().contains(server.uri(PATH)
			.toString()), e.getMessage());
	}

	@Test
	void customIdsCannotBeDownloaded() throws Exception {
		fails(Reason.UNKNOWN_MODEL, () -> store(model(PATH)).download("my_model",
			DownloadProgress.NONE));
	}
}
