package sc.fiji.dinovit.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal reader for little-endian float32 .npy files (version 1/2, C order) written by our fixture script. */
public final class Npy {

	public final long[] shape;
	public final float[] data;

	private Npy(final long[] shape, final float[] data) {
		this.shape = shape;
		this.data = data;
	}

	public static Npy read(final Path path) throws IOException {
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
		if (b.get() != (byte) 0x93 || b.get() != 'N') throw new IOException("Not an npy file: " + path);
		b.position(6);
		final int major = b.get();
		b.get();
		final int headerLen = major == 1 ? b.getShort() & 0xffff : b.getInt();
		final byte[] hb = new byte[headerLen];
		b.get(hb);
		final String header = new String(hb, StandardCharsets.ISO_8859_1);
		if (!header.contains("'<f4'")) throw new IOException("Only little-endian float32 supported: " + header);
		if (header.contains("'fortran_order': True")) throw new IOException("Fortran order not supported");
		final Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
		if (!m.find()) throw new IOException("No shape in " + header);
		final String[] parts = m.group(1).split(",");
		int n = 0;
		for (final String p : parts)
			if (!p.trim().isEmpty()) n++;
		final long[] shape = new long[n];
		int i = 0;
		long numel = 1;
		for (final String p : parts)
			if (!p.trim().isEmpty()) {
				shape[i++] = Long.parseLong(p.trim());
				numel *= shape[i - 1];
			}
		final float[] data = new float[(int) numel];
		b.asFloatBuffer().get(data);
		return new Npy(shape, data);
	}
}
