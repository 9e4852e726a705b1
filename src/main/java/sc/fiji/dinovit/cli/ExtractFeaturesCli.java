package sc.fiji.dinovit.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.model.store.ModelStore;
import sc.fiji.dinovit.model.store.ModelStoreException;
import sc.fiji.dinovit.vit.DeviceChoice;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.VitModel;

/**
 * Command-line front end for headless servers: dense descriptors and saliency of image files.
 * A thin layer: parses options, reads images, calls the core, writes files. For each image it
 * writes {@code <stem>_descriptors.npy} (float32, rows x cols x dim) and
 * {@code <stem>_saliency.png} (8-bit, grid size), and prints one summary line.
 * Run without arguments for help.
 */
public final class ExtractFeaturesCli {

	private ExtractFeaturesCli() {}

	public static void main(final String[] args) {
		try {
			System.exit(run(args, System.out));
		}
		catch (final IllegalArgumentException | IOException | IllegalStateException e) {
			System.err.println("ERROR: " + e.getMessage());
			System.exit(2);
		}
	}

	static int run(final String[] args, final PrintStream out) throws IOException {
		String modelId = null;
		Path modelFile = null;
		Path output = Paths.get("dino-features");
		String device = "auto";
		String heads = "";
		Path demoFallback = null;
		boolean demo = false;
		final ExtractionSettings.Builder settings = ExtractionSettings.builder().saliency(true);
		final List<Path> images = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			final String a = args[i];
			switch (a) {
				case "--model": modelId = value(args, ++i, a); break;
				case "--model-file": modelFile = Paths.get(value(args, ++i, a)); break;
				case "--output": output = Paths.get(value(args, ++i, a)); break;
				case "--device": device = value(args, ++i, a); break;
				case "--layer": settings.layer(intValue(args, ++i, a)); break;
				case "--facet": settings.facet(Facet.parse(value(args, ++i, a))); break;
				case "--stride": settings.stride(intValue(args, ++i, a)); break;
				case "--load-size": settings.loadSize(intValue(args, ++i, a)); break;
				case "--bin": settings.bin(true); break;
				case "--heads": heads = value(args, ++i, a); break;
				case "--demo-fallback": demoFallback = Paths.get(value(args, ++i, a)); break;
				case "-h": case "--help": usage(out); return 0;
				default:
					if (a.startsWith("-")) throw new IllegalArgumentException("Unknown option " + a + " (see --help)");
					images.add(Paths.get(a));
			}
		}
		if (images.isEmpty()) {
			usage(out);
			return 1;
		}
		if (modelFile == null) {
			try {
				modelFile = fetch(modelId == null ? "dino_vits8" : modelId, out);
			}
			catch (final ModelStoreException e) {
				if (demoFallback == null || !isUnreachable(e)) throw e;
				out.println("WARNING: " + e.getMessage());
				out.println("WARNING: using the bundled DEMO checkpoint " + demoFallback + " (tiny, RANDOM " +
					"weights): the files written are a smoke test, NOT meaningful features. Pass --model-file " +
					"with a real checkpoint, or run once with internet access.");
				modelFile = demoFallback;
				demo = true;
			}
		}
		Files.createDirectories(output);
		try (VitModel model = ModelCache.load(modelFile, DeviceChoice.parse(device).resolve())) {
			out.println("Model: " + model.spec().describe() + " from " + modelFile + " on " + model.device() +
				" (" + DeviceChoice.nativeFlavor() + ")");
			if (!heads.isEmpty()) settings.saliencyHeads(sc.fiji.dinovit.features.Saliency.parseHeads(heads,
				model.spec()));
			if (demo && settings.build().layer() >= model.spec().depth()) {
				out.println("WARNING: the demo checkpoint has " + model.spec().depth() + " layers; using layer " +
					(model.spec().depth() - 1));
				settings.layer(model.spec().depth() - 1);
			}
			final ExtractionSettings s = settings.build();
			final FeatureExtractor extractor = new FeatureExtractor(model);
			for (final Path image : images) {
				final long t0 = System.nanoTime();
				final ImageFeatures f = extractor.extract(readImage(image), s, () -> false);
				final String stem = stem(image);
				writeNpy(output.resolve(stem + "_descriptors.npy"), f.descriptors());
				writeSaliency(output.resolve(stem + "_saliency.png"), f);
				out.println(String.format(Locale.ROOT, "%s: %dx%d px -> grid %dx%d, %d-dim %s descriptors, %.0f ms",
					image.getFileName(), f.originalWidth(), f.originalHeight(), f.grid().rows(), f.grid().cols(),
					f.descriptors().dim(), s.facet().key(), (System.nanoTime() - t0) / 1e6));
			}
		}
		out.println("Wrote results to " + output.toAbsolutePath());
		return 0;
	}

	private static Path fetch(final String id, final PrintStream out) throws IOException {
		final ModelStore store = ModelStore.openDefault();
		if (store.isPresent(id)) return store.resolve(id);
		out.println("Downloading " + id + " into " + store.root() + " ...");
		final long[] last = { -1 };
		return store.download(id, (done, total) -> {
			final long pct = total > 0 ? done * 100 / total : -1;
			if (pct >= 0 && pct / 10 != last[0]) {
				last[0] = pct / 10;
				out.println("  " + pct + "%");
			}
			return true;
		});
	}

	private static boolean isUnreachable(final ModelStoreException e) {
		switch (e.reason()) {
			case OFFLINE: case NETWORK_ERROR: case HTTP_ERROR: case TIMEOUT: return true;
			default: return false;
		}
	}

	private static void usage(final PrintStream out) {
		out.println("Usage: extract-features [options] IMAGE...\n" +
			"  --model ID          registry model (default dino_vits8; downloaded on first use)\n" +
			"  --model-file PATH   a local checkpoint (.pth, .bin, .safetensors) instead of --model\n" +
			"  --device D          auto | cpu | gpu (default auto)\n" +
			"  --layer N           0-based block (default 11)\n" +
			"  --facet F           key | query | value | token (default key)\n" +
			"  --stride S          pixels, divides the patch size (default 4)\n" +
			"  --load-size N       shorter side in pixels, 0 = no resize (default 224)\n" +
			"  --bin               log-binned descriptors (17x the dimension)\n" +
			"  --heads LIST        saliency heads, e.g. 0,2,4,5 or all (default: the model's)\n" +
			"  --output DIR        where to write (default ./dino-features)\n" +
			"  --demo-fallback F   if the model cannot be downloaded, warn and use checkpoint F (smoke tests)");
	}

	private static String value(final String[] args, final int i, final String opt) {
		if (i >= args.length) throw new IllegalArgumentException("Option " + opt + " needs a value");
		return args[i];
	}

	private static int intValue(final String[] args, final int i, final String opt) {
		final String v = value(args, i, opt);
		try {
			return Integer.parseInt(v);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("Option " + opt + " needs a whole number, got '" + v + "'");
		}
	}

	private static String stem(final Path p) {
		final String n = p.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}

	/** Reads PNG/JPEG/BMP/GIF as 8-bit RGB (alpha dropped). */
	static ByteImage readImage(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("No such image file: " + file);
		final BufferedImage img = ImageIO.read(file.toFile());
		if (img == null) throw new IOException("Cannot read " + file +
			": not a PNG, JPEG, BMP or GIF image (convert TIFFs in Fiji, or use the Fiji commands)");
		final int w = img.getWidth(), h = img.getHeight();
		final byte[] data = new byte[w * h * 3];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int rgb = img.getRGB(x, y);
				final int i = (y * w + x) * 3;
				data[i] = (byte) (rgb >> 16);
				data[i + 1] = (byte) (rgb >> 8);
				data[i + 2] = (byte) rgb;
			}
		return new ByteImage(w, h, 3, data);
	}

	/** Writes rows x cols x dim float32 .npy, via a temporary file and a move (no half-written file). */
	static void writeNpy(final Path file, final Descriptors d) throws IOException {
		String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + d.grid().rows() + ", " +
			d.grid().cols() + ", " + d.dim() + "), }";
		final int total = 10 + header.length() + 1;
		final int pad = (64 - total % 64) % 64;
		header = header + " ".repeat(pad) + "\n";
		final Path tmp = file.resolveSibling(file.getFileName() + ".part");
		try (OutputStream os = Files.newOutputStream(tmp)) {
			final ByteBuffer h = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
			h.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
				.putShort((short) header.length());
			os.write(h.array());
			os.write(header.getBytes(StandardCharsets.US_ASCII));
			final float[] data = d.data();
			final ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
			for (final float v : data) {
				if (!b.hasRemaining()) {
					os.write(b.array(), 0, b.position());
					b.clear();
				}
				b.putFloat(v);
			}
			os.write(b.array(), 0, b.position());
		}
		catch (final IOException e) {
			Files.deleteIfExists(tmp);
			throw e;
		}
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static void writeSaliency(final Path file, final ImageFeatures f) throws IOException {
		final int rows = f.grid().rows(), cols = f.grid().cols();
		final BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
		final float[] s = f.saliency();
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++)
				img.getRaster().setSample(c, r, 0, Math.round(255 * s[r * cols + c]));
		final Path tmp = file.resolveSibling(file.getFileName() + ".part");
		ImageIO.write(img, "png", tmp.toFile());
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}
}
