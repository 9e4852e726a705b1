package sc.fiji.dinovit.model.checkpoint;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Format-blind fuzzer mutations: truncation, bit flips, interesting bytes and integers, chunk
 * deletion and duplication. Positions favour the seed's structural byte ranges. Each returns a
 * new array and appends what it did to the log.
 */
final class ByteMutations {

	/** Integers that break size and offset arithmetic. */
	static final long[] INTERESTING = { 0, 1, 2, -1, -2, 7, 8, 30, 46, 64, 255, 256, 0x7fff, 0xffff,
		0x10000, 1 << 20, 1 << 26, 1 << 28, 0x7fffffff, 0x80000000L, 0xffffffffL, 0x100000000L, 1L << 40, 1L << 53, 1L << 62,
		Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE, -(1L << 32) };

	private ByteMutations() {}

	static long interesting(final Random r, final long fileSize) {
		switch (r.nextInt(4)) {
			case 0:
				return fileSize + r.nextInt(17) - 8;
			case 1:
				return r.nextInt(1 << (1 + r.nextInt(20)));
			default:
				return INTERESTING[r.nextInt(INTERESTING.length)];
		}
	}

	/** A position inside a structural range with probability 3/4, else anywhere. */
	static int position(final Random r, final int length, final List<long[]> structure) {
		if (length == 0) return 0;
		if (!structure.isEmpty() && r.nextInt(4) != 0) {
			final long[] s = structure.get(r.nextInt(structure.size()));
			final long start = Math.min(s[0], length - 1);
			final long end = Math.max(start + 1, Math.min(s[1], length));
			return (int) (start + (long) (r.nextDouble() * (end - start)));
		}
		return r.nextInt(length);
	}

	static byte[] mutate(final byte[] in, final Random r, final List<long[]> structure,
		final StringBuilder log)
	{
		final int n = in.length;
		switch (r.nextInt(8)) {
			case 0: {
				final int len = r.nextInt(n + 1);
				log.append("truncate to ").append(len).append("; ");
				return Arrays.copyOf(in, len);
			}
			case 1: {
				final int len = position(r, n, structure) + r.nextInt(3) - 1;
				final int cut = Math.max(0, Math.min(n, len));
				log.append("truncate at structure ").append(cut).append("; ");
				return Arrays.copyOf(in, cut);
			}
			case 2: {
				final byte[] out = in.clone();
				final int flips = 1 + r.nextInt(8);
				log.append("flip ").append(flips).append(" bits; ");
				for (int i = 0; i < flips && n > 0; i++) {
					final int p = position(r, n, structure);
					out[p] ^= (byte) (1 << r.nextInt(8));
				}
				return out;
			}
			case 3: {
				final byte[] out = in.clone();
				final int k = 1 + r.nextInt(4);
				log.append("set ").append(k).append(" bytes; ");
				final int[] values = { 0, 0xff, 0x7f, 0x80, '{', '}', '"', '[', '.', '(', '\n', 'P' };
				for (int i = 0; i < k && n > 0; i++)
					out[position(r, n, structure)] = (byte) (r.nextBoolean() ? values[r.nextInt(values.length)]
						: r.nextInt(256));
				return out;
			}
			case 4: {
				if (n < 8) return in.clone();
				final byte[] out = in.clone();
				final int width = r.nextBoolean() ? 4 : r.nextBoolean() ? 8 : 2;
				final int p = Math.min(position(r, n, structure), n - width);
				final long v = interesting(r, n);
				log.append("int").append(width * 8).append(" ").append(v).append(" at ").append(p).append(
					"; ");
				putLE(out, p, v, width);
				return out;
			}
			case 5: {
				if (n == 0) return in.clone();
				final int p = position(r, n, structure);
				final int len = Math.min(n - p, 1 + r.nextInt(r.nextBoolean() ? 8 : 512));
				log.append("delete ").append(len).append(" at ").append(p).append("; ");
				final byte[] out = new byte[n - len];
				System.arraycopy(in, 0, out, 0, p);
				System.arraycopy(in, p + len, out, p, n - p - len);
				return out;
			}
			case 6: {
				if (n == 0) return in.clone();
				final int p = position(r, n, structure);
				final int len = Math.min(n - p, 1 + r.nextInt(64));
				final int at = position(r, n, structure);
				log.append("copy ").append(len).append(" from ").append(p).append(" to ").append(at).append(
					"; ");
				final byte[] out = new byte[n + len];
				System.arraycopy(in, 0, out, 0, at);
				System.arraycopy(in, p, out, at, len);
				System.arraycopy(in, at, out, at + len, n - at);
				return out;
			}
			default: {
				final byte[] out = in.clone();
				final int p = position(r, n, structure);
				final int len = Math.min(n - p, 1 + r.nextInt(32));
				log.append("random ").append(len).append(" bytes at ").append(p).append("; ");
				for (int i = 0; i < len; i++)
					out[p + i] = (byte) r.nextInt(256);
				return out;
			}
		}
	}

	static void putLE(final byte[] b, final int at, final long v, final int width) {
		for (int i = 0; i < width && at + i < b.length; i++)
			b[at + i] = (byte) (v >>> (8 * i));
	}

	static long getLE(final byte[] b, final int at, final int width) {
		long v = 0;
		for (int i = 0; i < width; i++)
			v |= (b[at + i] & 0xffL) << (8 * i);
		return v;
	}
}
