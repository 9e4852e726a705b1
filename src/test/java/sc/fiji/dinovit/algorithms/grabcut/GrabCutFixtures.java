package sc.fiji.dinovit.algorithms.grabcut;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * The OpenCV parity fixtures written by scripts/make_grabcut_fixtures.py: for each name, the RGB
 * image, the coarse mask, the trimap and cv2.grabCut's label map.
 */
final class GrabCutFixtures {

	static final String[] NAMES = { "chelsea", "coffee", "astronaut", "rocket" };

	final String name;
	final RgbImage image;
	final boolean[] coarse;
	final byte[] trimap;
	final byte[] opencv;

	private GrabCutFixtures(final String name) {
		this.name = name;
		final BufferedImage rgb = read(name + "_rgb.png");
		final int w = rgb.getWidth(), h = rgb.getHeight();
		image = new RgbImage(w, h, rgb.getRGB(0, 0, w, h, null, 0, w));
		final byte[] coarseBytes = grey(read(name + "_coarse.png"), w, h);
		coarse = new boolean[coarseBytes.length];
		for (int i = 0; i < coarse.length; i++)
			coarse[i] = coarseBytes[i] != 0;
		trimap = grey(read(name + "_trimap.png"), w, h);
		opencv = grey(read(name + "_opencv.png"), w, h);
	}

	static GrabCutFixtures load(final String name) {
		return new GrabCutFixtures(name);
	}

	/** Raw samples of a single-band image (no colour conversion, unlike getRGB on grey images). */
	private static byte[] grey(final BufferedImage img, final int w, final int h) {
		if (img.getWidth() != w || img.getHeight() != h) throw new IllegalStateException("Fixture size " + img
			.getWidth() + " x " + img.getHeight() + " differs from the image's " + w + " x " + h);
		final Raster raster = img.getRaster();
		if (raster.getNumBands() != 1) throw new IllegalStateException("Expected a single-band PNG, got " + raster
			.getNumBands() + " bands");
		final byte[] out = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[y * w + x] = (byte) raster.getSample(x, y, 0);
		return out;
	}

	private static BufferedImage read(final String file) {
		final String path = "/fixtures/grabcut/" + file;
		try (InputStream in = GrabCutFixtures.class.getResourceAsStream(path)) {
			if (in == null) throw new IllegalStateException("Missing test resource " + path +
				": run scripts/make_grabcut_fixtures.py");
			return ImageIO.read(in);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot read " + path, e);
		}
	}

	static double jaccard(final boolean[] a, final boolean[] b) {
		int inter = 0, union = 0;
		for (int i = 0; i < a.length; i++) {
			if (a[i] && b[i]) inter++;
			if (a[i] || b[i]) union++;
		}
		return union == 0 ? 1 : (double) inter / union;
	}
}
