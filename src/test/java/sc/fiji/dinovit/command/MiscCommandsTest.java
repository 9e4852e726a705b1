package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import com.sun.net.httpserver.HttpServer;

import ij.io.FileSaver;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.model.store.Environment;
import sc.fiji.dinovit.model.store.KnownModel;
import sc.fiji.dinovit.model.store.ModelRegistry;
import sc.fiji.dinovit.model.store.ModelStore;

/** DINO Evaluate and DINO Models through CommandService. */
class MiscCommandsTest {

	private static Context context;

	@BeforeAll
	static void setUp() {
		System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class, StatusService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	private static CommandModule run(final Class<? extends org.scijava.command.Command> type,
		final Object... keyValues) throws Exception
	{
		return sc.fiji.dinovit.testutil.CommandRunner.run(context, type, keyValues);
	}

	/** An 8-bit image whose pixels are the given values, row-major. */
	static void save(final Path file, final int w, final int h, final int... v) {
		final ByteProcessor bp = new ByteProcessor(w, h);
		for (int i = 0; i < v.length; i++)
			bp.set(i, v[i]);
		final FileSaver saver = new FileSaver(new ImagePlus("x", bp));
		assertTrue(file.toString().endsWith(".png") ? saver.saveAsPng(file.toString()) : saver.saveAsTiff(file
			.toString()));
	}

	@Test
	void masksAreMatchedByNameAndScored(@TempDir final Path dir) throws Exception {
		final Path pred = Files.createDirectories(dir.resolve("pred")), gt = Files.createDirectories(dir.resolve("gt"));
		// a: intersection 1, union 3 -> J = 1/3, accuracy 2/4
		save(pred.resolve("a.png"), 2, 2, 255, 255, 0, 0);
		save(gt.resolve("a.tif"), 2, 2, 255, 0, 255, 0);
		// b: identical -> 1, 1
		save(pred.resolve("b.png"), 2, 2, 0, 1, 0, 0);
		save(gt.resolve("b.png"), 2, 2, 0, 255, 0, 0);
		save(pred.resolve("extra.png"), 2, 2, 0, 0, 0, 0); // no ground truth: ignored
		final ResultsTable rt = (ResultsTable) run(EvaluateCommand.class, "mode", "masks", "prediction", pred
			.toString(), "ground_truth", gt.toString()).getOutput("results");
		assertEquals(3, rt.size());
		assertEquals("a", rt.getStringValue("image", 0));
		assertEquals(1 / 3.0, rt.getValue("jaccard", 0), 1e-12);
		assertEquals(0.5, rt.getValue("precision", 0), 1e-12);
		assertEquals(1.0, rt.getValue("jaccard", 1), 1e-12);
		assertEquals("mean", rt.getStringValue("image", 2));
		assertEquals((1 / 3.0 + 1) / 2, rt.getValue("jaccard", 2), 1e-12);
		assertEquals(0.75, rt.getValue("precision", 2), 1e-12);

		Files.delete(pred.resolve("b.png"));
		final ExecutionException missing = assertThrows(ExecutionException.class, () -> run(EvaluateCommand.class,
			"mode", "masks", "prediction", pred.toString(), "ground_truth", gt.toString()));
		assertTrue(CommandsTest.rootMessage(missing).contains("No prediction in " + pred + " for ground truth b.png"),
			CommandsTest.rootMessage(missing));
	}

	@Test
	void sizeMismatchNamesBothSizes(@TempDir final Path dir) {
		save(dir.resolve("p.png"), 3, 2, 0, 0, 0, 0, 0, 0);
		save(dir.resolve("t.png"), 2, 2, 0, 0, 0, 0);
		final ExecutionException e = assertThrows(ExecutionException.class, () -> run(EvaluateCommand.class, "mode",
			"masks", "prediction", dir.resolve("p.png").toString(), "ground_truth", dir.resolve("t.png").toString()));
		final String m = CommandsTest.rootMessage(e);
		assertTrue(m.contains("prediction is 3 x 2 pixels but the ground truth is 2 x 2"), m);
	}

	@Test
	void labelsArePermutationInvariantPerImageAndOverTheSet(@TempDir final Path dir) throws Exception {
		save(dir.resolve("p.png"), 3, 2, 7, 7, 3, 3, 5, 5);
		save(dir.resolve("t.png"), 3, 2, 1, 1, 2, 2, 0, 0);
		final ResultsTable rt = (ResultsTable) run(EvaluateCommand.class, "mode", "labels", "prediction", dir
			.resolve("p.png").toString(), "ground_truth", dir.resolve("t.png").toString()).getOutput("results");
		assertEquals(List.of("t.png", "mean", "all pixels"), List.of(rt.getStringValue("image", 0), rt
			.getStringValue("image", 1), rt.getStringValue("image", 2)));
		for (final String c : new String[] { "nmi", "ari", "nmi_foreground", "ari_foreground" })
			assertEquals(1.0, rt.getValue(c, 2), 1e-9, c);
	}

	@Test
	void pckFromCsvFilesWithBoundingBoxAndImageSize(@TempDir final Path dir) throws Exception {
		final Path p = dir.resolve("p.csv"), t = dir.resolve("t.csv");
		Files.writeString(p, "x,y\n0,0\n100,0\n0,50\n");
		Files.writeString(t, "X,Y\n0,0\n100,11\n0,100\n"); // bbox 100 x 100: threshold 10
		ResultsTable rt = (ResultsTable) run(EvaluateCommand.class, "mode", "points", "prediction", p.toString(),
			"ground_truth", t.toString(), "alpha", 0.1, "normaliser", "bbox", "image_width", 0, "image_height", 0)
				.getOutput("results");
		assertEquals(1 / 3.0, rt.getValue("pck", 0), 1e-12);
		assertEquals(100.0, rt.getValue("normaliser", 0), 1e-12);
		rt = (ResultsTable) run(EvaluateCommand.class, "mode", "points", "prediction", p.toString(), "ground_truth", t
			.toString(), "alpha", 0.05, "normaliser", "image", "image_width", 600, "image_height", 400).getOutput(
				"results");
		assertEquals(2 / 3.0, rt.getValue("pck", 0), 1e-12); // threshold 30: 0 and 11 yes, 50 no
		final ExecutionException e = assertThrows(ExecutionException.class, () -> run(EvaluateCommand.class, "mode",
			"points", "prediction", p.toString(), "ground_truth", t.toString(), "normaliser", "image",
			"image_width", 0, "image_height", 0));
		assertTrue(CommandsTest.rootMessage(e).contains("image_width="), CommandsTest.rootMessage(e));
	}

	private static String sha256(final byte[] b) throws Exception {
		final StringBuilder sb = new StringBuilder();
		for (final byte x : java.security.MessageDigest.getInstance("SHA-256").digest(b))
			sb.append(String.format("%02x", x));
		return sb.toString();
	}

	// -- DINO Models ------------------------------------------------------------------------------

	@Test
	void modelsListDownloadVerifyImportRemove(@TempDir final Path dir) throws Exception {
		final byte[] content = Files.readAllBytes(CommandsTest.MODEL.toPath());
		final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/m/tiny.pth", x -> {
			x.sendResponseHeaders(200, content.length);
			x.getResponseBody().write(content);
			x.close();
		});
		server.start();
		final Path store = dir.resolve("store");
		final URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/m/tiny.pth");
		final Map<String, String> props = new HashMap<>(Map.of("dino.models.dir", store.toString()));
		ModelsCommand.stores = () -> ModelStore.builder().registry(ModelRegistry.of(List.of(new KnownModel(
			"dino_vits8", "Tiny test ViT", ModelSpec.Family.DINO_V1, url, "tiny.pth", content.length))))
			.environment(Environment.of(Map.of(), props)).build();
		try {
			ResultsTable rt = (ResultsTable) run(ModelsCommand.class, "action", "list", "model", "dino_vits8",
				"file", null).getOutput("models");
			assertEquals(1, rt.size());
			assertEquals("no", rt.getStringValue("present", 0));

			rt = (ResultsTable) run(ModelsCommand.class, "action", "download", "model", "dino_vits8", "file", null)
				.getOutput("models");
			assertEquals("yes", rt.getStringValue("present", 0));
			assertEquals(sha256(content), rt.getStringValue(
				"sha256", 0));
			assertTrue(Files.isRegularFile(store.resolve("dino_vits8/tiny.pth")));
			assertEquals(store.resolve("dino_vits8/tiny.pth").toString(), rt.getStringValue("path", 0));

			run(ModelsCommand.class, "action", "verify", "model", "dino_vits8", "file", null);
			rt = (ResultsTable) run(ModelsCommand.class, "action", "import", "model", "my_model", "file",
				CommandsTest.MODEL).getOutput("models");
			assertEquals(2, rt.size());
			assertEquals("my_model", rt.getStringValue("model", 1));

			Files.write(store.resolve("dino_vits8/tiny.pth"), new byte[] { 1, 2, 3 });
			final ExecutionException bad = assertThrows(ExecutionException.class, () -> run(ModelsCommand.class,
				"action", "verify", "model", "dino_vits8", "file", null));
			assertTrue(CommandsTest.rootMessage(bad).contains("SHA-256"), CommandsTest.rootMessage(bad));

			rt = (ResultsTable) run(ModelsCommand.class, "action", "remove", "model", "dino_vits8", "file", null)
				.getOutput("models");
			assertEquals("no", rt.getStringValue("present", 0));
			assertFalse(Files.exists(store.resolve("dino_vits8/tiny.pth")));

			props.put("dino.offline", "true");
			final ExecutionException off = assertThrows(ExecutionException.class, () -> run(ModelsCommand.class,
				"action", "download", "model", "dino_vits8", "file", null));
			assertTrue(CommandsTest.rootMessage(off).contains("offline mode is on"), CommandsTest.rootMessage(off));
		}
		finally {
			ModelsCommand.stores = ModelStore::openDefault;
			server.stop(0);
		}
	}

	@Test
	void cancelledDownloadKeepsNothing(@TempDir final Path dir) throws Exception {
		final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		final byte[] content = new byte[1 << 20];
		server.createContext("/big.pth", x -> {
			x.sendResponseHeaders(200, content.length);
			for (int i = 0; i < 64; i++)
				x.getResponseBody().write(content, i * (1 << 14), 1 << 14);
			x.close();
		});
		server.start();
		final URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/big.pth");
		ModelsCommand.stores = () -> ModelStore.builder().registry(ModelRegistry.of(List.of(new KnownModel(
			"dino_vits8", "Big", ModelSpec.Family.DINO_V1, url, "big.pth", 0)))).environment(Environment.of(Map.of(),
				Map.of("dino.models.dir", dir.toString()))).build();
		try {
			final CommandModule m = run(CancellingModels.class, "action", "download", "model", "dino_vits8", "file",
				null);
			assertTrue(m.isCanceled());
			assertTrue(m.getCancelReason().toLowerCase().contains("cancel"), m.getCancelReason());
			assertEquals(null, m.getOutput("models"));
			assertFalse(Files.exists(dir.resolve("dino_vits8/big.pth")));
		}
		finally {
			ModelsCommand.stores = ModelStore::openDefault;
			server.stop(0);
		}
	}

	/** Cancelled from the start, like Esc pressed during the download. */
	public static class CancellingModels extends ModelsCommand {

		@Override
		public boolean isCanceled() {
			return true;
		}
	}
}
