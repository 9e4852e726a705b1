package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads a Hugging Face {@code .safetensors} file: an unsigned 64-bit little-endian header
 * length N, N bytes of JSON describing each tensor ({@code dtype}, {@code shape},
 * {@code data_offsets} relative to the end of the header), then the raw little-endian data.
 * <p>
 * The header is checked completely before any data is touched: at most
 * {@value #MAX_HEADER_BYTES} bytes and inside the file, no duplicate names, every tensor's byte
 * range inside the file, of exactly shape × element size bytes, and not overlapping another.
 * {@code __metadata__} is skipped. Names then get the same prefix normalisation as torch
 * checkpoints ({@link StateDictLocator#normalizeNames}).
 * <p>
 * <b>Memory.</b> Tensors are read-only views of the memory-mapped file ({@link MappedRegions}:
 * no heap copy, a bounded number of mappings however many tensors; files over 2 GiB work; one
 * tensor must be below 2 GiB). The channel is closed before {@link #read} returns; the
 * mappings stay valid until the tensors are garbage collected.
 * <p>
 * Stateless and thread-safe.
 */
public final class SafetensorsReader {

	/** The reference implementation's header size limit. */
	public static final long MAX_HEADER_BYTES = 100_000_000L;

	private SafetensorsReader() {}

	private record Header(String name, DType dtype, long[] shape, long begin, long end) {}

	/**
	 * @throws CheckpointFormatException when the file is not a valid safetensors file, is
	 *           truncated, or holds a tensor type that model weights cannot have
	 * @throws IOException when the file cannot be read
	 */
	public static Checkpoint read(final Path file) throws IOException {
		final String source = file.toString();
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final long fileSize = ch.size();
			if (fileSize < 8) throw new CheckpointFormatException(source + ": only " + fileSize +
				" bytes, too short for a safetensors file; the download is incomplete, fetch it again");
			final long headerLen = ZipIndex.read(ch, 0, 8, source).getLong(0);
			if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) throw new CheckpointFormatException(
				source + ": safetensors header length " + Long.toUnsignedString(headerLen) +
					" is outside 2.." + MAX_HEADER_BYTES + " bytes; the file is corrupted or not safetensors");
			if (headerLen > fileSize - 8) throw new CheckpointFormatException(source +
				": safetensors header length " + headerLen + " runs past the end of the " + fileSize +
				"-byte file; the file is truncated, download it again");
			final byte[] json = ZipIndex.read(ch, 8, (int) headerLen, source).array();
			if (json[0] != '{') throw new CheckpointFormatException(source +
				": safetensors header does not start with '{'; the file is corrupted");
			final long dataStart = 8 + headerLen;
			final List<Header> headers = parseHeader(new String(json, StandardCharsets.UTF_8), source);
			checkRanges(headers, fileSize - dataStart, source);

			final Map<String, TensorData> tensors = new LinkedHashMap<>();
			final MappedRegions regions = new MappedRegions(ch);
			for (final Header h : headers) {
				final long len = h.end - h.begin;
				if (len > Integer.MAX_VALUE) throw new CheckpointFormatException(source + ": tensor '" +
					h.name + "' has " + len + " bytes; tensors of 2 GiB or more are not supported");
				tensors.put(h.name, new TensorData(h.name, h.shape, h.dtype, regions.slice(dataStart +
					h.begin, (int) len)));
			}
			final StateDictLocator.Selection<TensorData> sel = StateDictLocator.normalizeNames(tensors,
				"safetensors", source);
			final Map<String, TensorData> renamed = new LinkedHashMap<>();
			sel.tensors().forEach((name, t) -> renamed.put(name, t.name().equals(name) ? t : t.renamed(
				name)));
			return new Checkpoint(file, Checkpoint.Format.SAFETENSORS, renamed, sel.description());
		}
	}

	/** Maps a safetensors dtype name; null for types model weights cannot have. */
	static DType dtypeOf(final String name) {
		switch (name) {
			case "F64": return DType.F64;
			case "F32": return DType.F32;
			case "F16": return DType.F16;
			case "BF16": return DType.BF16;
			case "I64": return DType.I64;
			case "I32": return DType.I32;
			case "I16": return DType.I16;
			case "I8": return DType.I8;
			case "U8": return DType.U8;
			case "BOOL": return DType.BOOL;
			default: return null;
		}
	}

	private static List<Header> parseHeader(final String json, final String source)
		throws CheckpointFormatException
	{
		final List<Header> out = new ArrayList<>();
		final Set<String> names = new HashSet<>();
		try (JsonReader r = new JsonReader(new StringReader(json))) {
			r.beginObject();
			while (r.hasNext()) {
				final String name = r.nextName();
				if (!names.add(name)) throw new CheckpointFormatException(source +
					": safetensors header lists '" + PickleAllowlist.printable(name) + "' twice");
				if (name.equals("__metadata__")) r.skipValue();
				else out.add(parseEntry(r, name, source));
			}
			r.endObject();
			if (r.peek() != JsonToken.END_DOCUMENT) throw new CheckpointFormatException(source +
				": text after the safetensors header object");
		}
		catch (final CheckpointFormatException e) {
			throw e;
		}
		catch (final IOException | IllegalStateException | NumberFormatException |
			JsonParseException e)
		{
			throw new CheckpointFormatException(source + ": malformed safetensors JSON header (" +
				jsonProblem(e) + "); the file is corrupted", e);
		}
		return out;
	}

	/** The parser's message without Gson's troubleshooting link, at most 200 printable characters. */
	private static String jsonProblem(final Exception e) {
		final String m = String.valueOf(e.getMessage());
		final int see = m.indexOf("\nSee https://");
		return PickleAllowlist.printable(see >= 0 ? m.substring(0, see) : m);
	}

	private static Header parseEntry(final JsonReader r, final String name, final String source)
		throws IOException
	{
		String dtypeName = null;
		long[] shape = null;
		long[] offsets = null;
		r.beginObject();
		while (r.hasNext()) {
			switch (r.nextName()) {
				case "dtype":
					dtypeName = r.nextString();
					break;
				case "shape":
					shape = longArray(r, source);
					break;
				case "data_offsets":
					offsets = longArray(r, source);
					break;
				default:
					r.skipValue();
			}
		}
		r.endObject();
		final String what = source + ": safetensors tensor '" + PickleAllowlist.printable(name) + "'";
		if (dtypeName == null || shape == null || offsets == null) throw new CheckpointFormatException(
			what + " lacks dtype, shape or data_offsets; the file is corrupted");
		final DType dtype = dtypeOf(dtypeName);
		if (dtype == null) throw new CheckpointFormatException(what + " has type " + PickleAllowlist
			.printable(dtypeName) + ", which model weights cannot have (supported: F64, F32, F16, " +
			"BF16, I64, I32, I16, I8, U8, BOOL); convert the file to float32 or float16");
		if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
			throw new CheckpointFormatException(what + " has invalid data_offsets " + Arrays.toString(
				offsets));
		final long bytes;
		try {
			bytes = Math.multiplyExact(TensorData.numel(shape), dtype.byteSize());
		}
		catch (final ArithmeticException | IllegalArgumentException e) {
			throw new CheckpointFormatException(what + " has invalid shape " + Arrays.toString(shape), e);
		}
		if (offsets[1] - offsets[0] != bytes) throw new CheckpointFormatException(what + " of shape " +
			Arrays.toString(shape) + " and type " + dtype + " needs " + bytes +
			" bytes but data_offsets " + Arrays.toString(offsets) + " give " + (offsets[1] -
				offsets[0]) + "; the file is corrupted");
		return new Header(name, dtype, shape, offsets[0], offsets[1]);
	}

	private static long[] longArray(final JsonReader r, final String source) throws IOException {
		final List<Long> values = new ArrayList<>();
		r.beginArray();
		while (r.hasNext()) {
			if (values.size() >= 64) throw new CheckpointFormatException(source +
				": safetensors header has a shape of more than 64 dimensions; the file is corrupted");
			values.add(r.nextLong());
		}
		r.endArray();
		return values.stream().mapToLong(Long::longValue).toArray();
	}

	private static void checkRanges(final List<Header> headers, final long dataLen,
		final String source) throws CheckpointFormatException
	{
		final List<Header> sorted = new ArrayList<>(headers);
		sorted.sort(Comparator.comparingLong(Header::begin).thenComparingLong(Header::end));
		long previousEnd = 0;
		String previous = null;
		for (final Header h : sorted) {
			if (h.end > dataLen) throw new CheckpointFormatException(source + ": safetensors tensor '" +
				PickleAllowlist.printable(h.name) + "' ends at data byte " + h.end + " but the file has " +
				dataLen + " data bytes; the file is truncated, download it again");
			if (h.begin < previousEnd && h.end > h.begin) throw new CheckpointFormatException(source +
				": safetensors tensors '" + PickleAllowlist.printable(previous) + "' and '" +
				PickleAllowlist.printable(h.name) + "' overlap; the file is corrupted");
			if (h.end > h.begin) {
				previousEnd = h.end;
				previous = h.name;
			}
		}
	}
}
