package sc.fiji.dinovit.algorithms.correspondence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads a 1-d little-endian int32 .npy (version 1) from the test class path. */
final class NpyInts {

	private NpyInts() {}

	static int[] read(final String resource) throws IOException {
		final byte[] bytes;
		try (InputStream in = NpyInts.class.getResourceAsStream(resource)) {
			if (in == null) throw new IOException("Missing test resource " + resource);
			bytes = in.readAllBytes();
		}
		final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		b.position(8);
		final int headerLen = b.getShort() & 0xffff;
		final String header = new String(bytes, 10, headerLen, StandardCharsets.ISO_8859_1);
		if (!header.contains("'<i4'")) throw new IOException("Not little-endian int32: " + header);
		b.position(10 + headerLen);
		final int[] out = new int[(bytes.length - 10 - headerLen) / 4];
		b.asIntBuffer().get(out);
		return out;
	}
}
