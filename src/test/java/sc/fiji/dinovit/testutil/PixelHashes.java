package sc.fiji.dinovit.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.process.ImageProcessor;

/**
 * Fingerprints to prove that a run left its inputs alone: SHA-256 of an image's pixels (every
 * plane, with type, size, calibration and display range) and of every file under a folder (name and
 * content). Compare the value before and after the run.
 */
public final class PixelHashes {

	private PixelHashes() {}

	/** SHA-256 of every plane's pixels plus type, size, stack size, calibration and display range. */
	public static String of(final ImagePlus imp) {
		final MessageDigest md = sha256();
		md.update((imp.getType() + " " + imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize() + " " +
			imp.getNChannels() + "/" + imp.getNSlices() + "/" + imp.getNFrames() + " " + imp.getCalibration() + " " +
			imp.getDisplayRangeMin() + ".." + imp.getDisplayRangeMax()).getBytes());
		for (int z = 1; z <= imp.getStackSize(); z++) {
			final ImageProcessor ip = imp.getStackSize() == 1 ? imp.getProcessor() : imp.getStack().getProcessor(z);
			final Object px = ip.getPixels();
			if (px instanceof byte[] b) md.update(b);
			else if (px instanceof short[] s) {
				final ByteBuffer bb = ByteBuffer.allocate(2 * s.length);
				bb.asShortBuffer().put(s);
				md.update(bb.array());
			}
			else if (px instanceof float[] f) {
				final ByteBuffer bb = ByteBuffer.allocate(4 * f.length);
				for (final float v : f)
					bb.putInt(Float.floatToRawIntBits(v));
				md.update(bb.array());
			}
			else if (px instanceof int[] a) {
				final ByteBuffer bb = ByteBuffer.allocate(4 * a.length);
				bb.asIntBuffer().put(a);
				md.update(bb.array());
			}
			else throw new IllegalArgumentException("Unknown pixel array " + px);
		}
		return HexFormat.of().formatHex(md.digest());
	}

	/** Relative path to SHA-256 of the content, for every file under {@code folder} (sorted). */
	public static Map<String, String> ofFolder(final Path folder) {
		final Map<String, String> out = new TreeMap<>();
		if (!Files.exists(folder)) return out;
		try (Stream<Path> files = Files.walk(folder)) {
			for (final Path f : (Iterable<Path>) files::iterator)
				if (Files.isRegularFile(f)) out.put(folder.relativize(f).toString(), HexFormat.of().formatHex(sha256()
					.digest(Files.readAllBytes(f))));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
