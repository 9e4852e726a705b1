package sc.fiji.dinovit.algorithms.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32, C-order .npy files that make_cluster_fixtures.py writes. */
public final class NpyFloat32 {

	public final int[] shape;
	public final float[] data;

	private NpyFloat32(final int[] shape, final float[] data) {
		this.shape = shape;
		this.data = data;
	}

	public static NpyFloat32 read(final Path path) throws IOException {
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
		final byte[] magic = new byte[6];
		b.get(magic);
		if (!Arrays.equals(magic, new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' })) throw new IOException(
			"Not an .npy file: " + path);
		final int major = b.get();
		b.get();
		final int headerLength = major == 1 ? b.getShort() & 0xffff : b.getInt();
		final byte[] header = new byte[headerLength];
		b.get(header);
		final String h = new String(header, StandardCharsets.ISO_8859_1);
		if (!h.contains("'descr': '<f4'") || !h.contains("'fortran_order': False")) throw new IOException(
			"Expected little-endian float32 in C order, got " + h + " in " + path);
		final Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(h);
		if (!m.find()) throw new IOException("No shape in header " + h);
		final int[] shape = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(
			Integer::parseInt).toArray();
		final float[] data = new float[Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
		b.asFloatBuffer().get(data);
		return new NpyFloat32(shape, data);
	}
}
