package sc.fiji.dinovit.imglib2;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Reads the Pillow fixtures made by scripts/make_resize_fixtures.py (test code only: uses
 * javax.imageio).
 */
final class ResizeFixtures {

	static final String DIR = "/fixtures/resize/";

	/** One line of manifest.tsv. */
	record Case(String mode, String source, int width, int height, String expected) {

		@Override
		public String toString() {
			return mode + " " + source + " -> " + width + "x" + height;
		}
	}

	private ResizeFixtures() {}

	static List<Case> cases() {
		final List<Case> cases = new ArrayList<>();
		for (final String line : new String(bytes("manifest.tsv"), StandardCharsets.UTF_8).split(
			"\n"))
		{
			if (line.isBlank() || line.startsWith("#")) continue;
			final String[] f = line.split("\t");
			cases.add(new Case(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]));
		}
		return cases;
	}

	/** A PNG as a ByteImage with 1 (grey) or 3 (RGB) channels. */
	static ByteImage png(final String name) {
		try (InputStream in = open(name)) {
			final BufferedImage img = ImageIO.read(in);
			final int w = img.getWidth();
			final int h = img.getHeight();
			final int channels = img.getRaster().getNumBands();
			if (channels != 1 && channels != 3) throw new IllegalStateException(name + " has " +
				channels + " bands");
			final int[] samples = img.getRaster().getPixels(0, 0, w, h, (int[]) null);
			final byte[] data = new byte[samples.length];
			for (int i = 0; i < data.length; i++)
				data[i] = (byte) samples[i];
			return new ByteImage(w, h, channels, data);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A raw .f32 fixture: int32 LE width, int32 LE height, float32 LE values. */
	static FloatGrayImage f32(final String name) {
		final ByteBuffer b = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
		final int w = b.getInt();
		final int h = b.getInt();
		final float[] data = new float[w * h];
		b.asFloatBuffer().get(data);
		return new FloatGrayImage(w, h, data);
	}

	private static byte[] bytes(final String name) {
		try (InputStream in = open(name)) {
			return new DataInputStream(in).readAllBytes();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static InputStream open(final String name) {
		final InputStream in = ResizeFixtures.class.getResourceAsStream(DIR + name);
		if (in == null) throw new IllegalStateException("Missing fixture " + DIR + name +
			"; run scripts/make_resize_fixtures.py");
		return in;
	}
}
