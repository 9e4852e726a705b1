package sc.fiji.dinovit.testutil;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.dinovit.imglib2.ByteImage;

/** Access to the committed parity fixtures (made by scripts/make_fixtures.py). */
public final class Fixtures {

	public static final Path ROOT = Paths.get("src/test/resources/fixtures");

	private Fixtures() {}

	public static Path path(final String relative) {
		return ROOT.resolve(relative);
	}

	public static JsonObject manifest() throws IOException {
		try (Reader r = Files.newBufferedReader(ROOT.resolve("manifest.json"))) {
			return JsonParser.parseReader(r).getAsJsonObject();
		}
	}

	public static Npy npy(final String relative) throws IOException {
		return Npy.read(ROOT.resolve(relative));
	}

	/** An 8-bit RGB (or gray, 1 channel) PNG as a ByteImage (AWT in test code only). */
	public static ByteImage png(final String relative) throws IOException {
		final BufferedImage img = ImageIO.read(ROOT.resolve(relative).toFile());
		if (img == null) throw new IOException("Cannot read " + relative);
		final int w = img.getWidth(), h = img.getHeight();
		final boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
		final int ch = gray ? 1 : 3;
		final byte[] data = new byte[w * h * ch];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (gray) {
					data[y * w + x] = (byte) img.getRaster().getSample(x, y, 0);
				}
				else {
					final int rgb = img.getRGB(x, y);
					final int i = (y * w + x) * 3;
					data[i] = (byte) (rgb >> 16);
					data[i + 1] = (byte) (rgb >> 8);
					data[i + 2] = (byte) rgb;
				}
			}
		return new ByteImage(w, h, ch, data);
	}
}
