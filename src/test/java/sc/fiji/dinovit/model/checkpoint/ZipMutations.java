package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Zip-aware fuzzer mutations: fields of the end record, central directory and local headers set
 * to hostile values in place, and archives rebuilt with odd entry names ({@code ../},
 * absolute, very long, NUL), entries dropped, duplicated, added or (de)compressed, ZIP64.
 */
final class ZipMutations {

	private static final int EOCD_SIG = 0x06054b50;
	private static final int CENTRAL_SIG = 0x02014b50;
	private static final int LOCAL_SIG = 0x04034b50;

	private ZipMutations() {}

	/** A field of the archive's raw records: where and how wide. */
	private record Field(String what, int at, int width) {}

	/** Every mutable header field found by walking the end record and central directory. */
	private static List<Field> fields(final byte[] b) {
		final List<Field> out = new ArrayList<>();
		int eocd = -1;
		for (int i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--)
			if ((int) ByteMutations.getLE(b, i, 4) == EOCD_SIG) {
				eocd = i;
				break;
			}
		if (eocd < 0) return out;
		final String[] eocdNames = { "disk", "cd disk", "count on disk", "count", "cd size",
			"cd offset", "comment length" };
		final int[] eocdAt = { 4, 6, 8, 10, 12, 16, 20 };
		final int[] eocdWidth = { 2, 2, 2, 2, 4, 4, 2 };
		for (int i = 0; i < eocdAt.length; i++)
			out.add(new Field("EOCD " + eocdNames[i], eocd + eocdAt[i], eocdWidth[i]));
		// ZIP64 end record, if any (located 20 bytes before the EOCD)
		if (eocd >= 20 && (int) ByteMutations.getLE(b, eocd - 20, 4) == 0x07064b50) {
			out.add(new Field("ZIP64 locator offset", eocd - 12, 8));
			final long z = ByteMutations.getLE(b, eocd - 12, 8);
			if (z >= 0 && z + 56 <= b.length) {
				out.add(new Field("ZIP64 count", (int) z + 32, 8));
				out.add(new Field("ZIP64 cd size", (int) z + 40, 8));
				out.add(new Field("ZIP64 cd offset", (int) z + 48, 8));
			}
		}
		int p = (int) Math.min(ByteMutations.getLE(b, eocd + 16, 4), Integer.MAX_VALUE);
		if (p == -1 || p > b.length) return out;
		while (p >= 0 && p + 46 <= b.length && (int) ByteMutations.getLE(b, p, 4) == CENTRAL_SIG) {
			final String[] names = { "flags", "method", "compressed size", "size", "name length",
				"extra length", "comment length", "disk", "local offset" };
			final int[] at = { 8, 10, 20, 24, 28, 30, 32, 34, 42 };
			final int[] width = { 2, 2, 4, 4, 2, 2, 2, 2, 4 };
			for (int i = 0; i < at.length; i++)
				out.add(new Field("central " + names[i], p + at[i], width[i]));
			final int extraLen = (int) ByteMutations.getLE(b, p + 30, 2);
			final int nameLen = (int) ByteMutations.getLE(b, p + 28, 2);
			if (extraLen >= 28) for (int k = 0; k < 3; k++)
				out.add(new Field("central zip64 extra " + k, p + 46 + nameLen + 4 + 8 * k, 8));
			final long local = ByteMutations.getLE(b, p + 42, 4);
			if (local + 30 <= b.length && (int) ByteMutations.getLE(b, (int) local, 4) == LOCAL_SIG) {
				final String[] ln = { "local method", "local compressed size", "local size",
					"local name length", "local extra length" };
				final int[] la = { 8, 18, 22, 26, 28 };
				final int[] lw = { 2, 4, 4, 2, 2 };
				for (int i = 0; i < la.length; i++)
					out.add(new Field(ln[i], (int) local + la[i], lw[i]));
			}
			p += 46 + nameLen + extraLen + (int) ByteMutations.getLE(b, p + 32, 2);
		}
		return out;
	}

	/** Sets one header field to a hostile value, in place. */
	static byte[] field(final byte[] in, final Random r, final StringBuilder log) {
		final List<Field> fields = fields(in);
		if (fields.isEmpty()) return in.clone();
		final Field f = fields.get(r.nextInt(fields.size()));
		final byte[] out = in.clone();
		long v = ByteMutations.interesting(r, in.length);
		if (r.nextInt(3) == 0) v = ByteMutations.getLE(in, f.at, f.width) + r.nextInt(129) - 64;
		ByteMutations.putLE(out, f.at, v, f.width);
		log.append(f.what).append(" = ").append(v).append("; ");
		return out;
	}

	/** Odd names an attacker or a broken tool may give an entry. */
	private static String oddName(final Random r, final String name, final String prefix) {
		final String base = name.substring(name.indexOf('/') + 1);
		switch (r.nextInt(10)) {
			case 0: return "../" + name;
			case 1: return "/" + name;
			case 2: return prefix + "/../" + base;
			case 3: return "x".repeat(1 + r.nextInt(60000)) + "/" + base;
			case 4: return prefix + "\0/" + base;
			case 5: return name + "\0";
			case 6: return name.toUpperCase();
			case 7: return prefix + "\\" + base;
			case 8: return "C:\\" + name;
			default: return prefix + "/" + base + "/";
		}
	}

	/** Rebuilds the archive with entries renamed, dropped, duplicated, added or recompressed. */
	static byte[] rebuild(final FuzzSeed seed, final List<FuzzSeed.Entry> entries, final Random r,
		final Path scratch, final StringBuilder log)
	{
		final List<FuzzSeed.Entry> list = new ArrayList<>(entries);
		final String first = list.get(0).name();
		final String prefix = first.contains("/") ? first.substring(0, first.indexOf('/')) : "archive";
		final int rounds = 1 + r.nextInt(2);
		for (int round = 0; round < rounds && !list.isEmpty(); round++) {
			final int i = r.nextInt(list.size());
			final FuzzSeed.Entry e = list.get(i);
			switch (r.nextInt(7)) {
				case 0: {
					final String name = oddName(r, e.name(), prefix);
					log.append("rename ").append(PickleAllowlist.printable(e.name())).append(" -> ").append(
						PickleAllowlist.printable(name)).append("; ");
					list.set(i, new FuzzSeed.Entry(name, e.data(), e.deflated()));
					break;
				}
				case 1:
					log.append("drop ").append(e.name()).append("; ");
					list.remove(i);
					break;
				case 2:
					log.append("duplicate ").append(e.name()).append("; ");
					list.add(r.nextInt(list.size() + 1), e);
					break;
				case 3:
					log.append(e.deflated() ? "store " : "deflate ").append(e.name()).append("; ");
					list.set(i, new FuzzSeed.Entry(e.name(), e.data(), !e.deflated()));
					break;
				case 4: {
					final String[] extra = { prefix + "/constants.pkl", prefix + "/code/x.py",
						"other/data.pkl", prefix + "/byteorder", prefix + "/data/999" };
					final String name = extra[r.nextInt(extra.length)];
					log.append("add ").append(name).append("; ");
					final byte[] data = name.endsWith("byteorder") ? "big".getBytes(StandardCharsets.US_ASCII)
						: e.data();
					list.add(new FuzzSeed.Entry(name, data, false));
					break;
				}
				case 5: {
					final int len = r.nextInt(e.data().length + 1);
					log.append("shorten ").append(e.name()).append(" to ").append(len).append("; ");
					list.set(i, new FuzzSeed.Entry(e.name(), java.util.Arrays.copyOf(e.data(), len), e
						.deflated()));
					break;
				}
				default: {
					final int j = r.nextInt(list.size());
					log.append("swap data of ").append(e.name()).append(" and ").append(list.get(j).name())
						.append("; ");
					list.set(i, new FuzzSeed.Entry(e.name(), list.get(j).data(), e.deflated()));
					break;
				}
			}
		}
		final boolean zip64 = r.nextInt(4) == 0;
		if (zip64) log.append("zip64; ");
		return write(list, zip64, scratch);
	}

	/** Writes entries as a torch-style archive and returns its bytes. */
	static byte[] write(final List<FuzzSeed.Entry> entries, final boolean zip64, final Path scratch) {
		final TorchZipWriter w = new TorchZipWriter("").zip64(zip64);
		for (final FuzzSeed.Entry e : entries)
			w.addRaw(e.name(), e.data(), e.deflated());
		try {
			w.write(scratch);
			return Files.readAllBytes(scratch);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
