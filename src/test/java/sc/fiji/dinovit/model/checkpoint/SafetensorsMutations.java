package sc.fiji.dinovit.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Safetensors-aware fuzzer mutations: the header length (beyond the file, huge, negative as
 * unsigned, off by a few), {@code data_offsets} (beyond the file, negative, reversed,
 * overlapping another tensor), dtypes, shapes (product mismatch, overflow, negative, non-integer),
 * names ({@code ../}, NUL, empty, duplicate), malformed and deeply nested JSON.
 */
final class SafetensorsMutations {

	private SafetensorsMutations() {}

	private static final String[] DTYPES = { "F32", "F16", "BF16", "F64", "I64", "I32", "U8", "BOOL",
		"F8_E4M3", "U64", "f32", "", "float32" };

	static byte[] mutate(final byte[] in, final Random r, final StringBuilder log) {
		final long headerLen = ByteBuffer.wrap(in, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		final int hl = (int) headerLen;
		final String header = new String(in, 8, hl, StandardCharsets.UTF_8);
		final byte[] data = java.util.Arrays.copyOfRange(in, 8 + hl, in.length);
		switch (r.nextInt(6)) {
			case 0: { // header length field
				final byte[] out = in.clone();
				final long v = r.nextBoolean() ? ByteMutations.interesting(r, in.length) : headerLen + r
					.nextInt(33) - 16;
				log.append("header length = ").append(Long.toUnsignedString(v)).append("; ");
				ByteMutations.putLE(out, 0, v, 8);
				return out;
			}
			case 1: { // header text, length fixed up or not
				final StringBuilder h = new StringBuilder(header);
				final int k = 1 + r.nextInt(4);
				for (int i = 0; i < k && h.length() > 0; i++) {
					final int p = r.nextInt(h.length());
					if (r.nextBoolean()) h.deleteCharAt(p);
					else h.insert(p, "{}[]\",:-0e9\\\0 ".charAt(r.nextInt(14)));
				}
				log.append("edit ").append(k).append(" header characters; ");
				return assemble(h.toString(), data, r.nextInt(4) != 0);
			}
			case 2: { // deeply nested JSON
				final int n = r.nextBoolean() ? 100_000 : 1 + r.nextInt(1000);
				final String open = r.nextBoolean() ? "[" : "{\"a\":";
				final String close = open.equals("[") ? "]" : "}";
				final String value = open.repeat(n) + "1" + close.repeat(n);
				final String where = r.nextBoolean() ? "__metadata__" : "x";
				log.append("nest ").append(n).append(" deep in ").append(where).append("; ");
				return assemble("{\"" + where + "\":" + value + "," + header.substring(1), data, true);
			}
			default:
				return tree(header, data, r, log);
		}
	}

	/** Mutations of the parsed header: one tensor's fields, names, entries. */
	private static byte[] tree(final String header, final byte[] data, final Random r,
		final StringBuilder log)
	{
		final JsonObject root = JsonParser.parseString(header).getAsJsonObject();
		final List<String> names = new ArrayList<>();
		for (final Map.Entry<String, JsonElement> e : root.entrySet())
			if (!e.getKey().equals("__metadata__")) names.add(e.getKey());
		if (names.isEmpty()) return assemble(header, data, true);
		final String name = names.get(r.nextInt(names.size()));
		final JsonObject t = root.getAsJsonObject(name);
		final JsonArray offsets = t.getAsJsonArray("data_offsets");
		final JsonArray shape = t.getAsJsonArray("shape");
		switch (r.nextInt(9)) {
			case 0: {
				final int i = r.nextInt(2);
				final long v = r.nextBoolean() ? ByteMutations.interesting(r, data.length) : offsets.get(i)
					.getAsLong() + r.nextInt(9) - 4;
				log.append(name).append(" data_offsets[").append(i).append("] = ").append(v).append("; ");
				offsets.set(i, new JsonPrimitive(v));
				break;
			}
			case 1: { // overlap or copy another tensor's range
				final JsonObject other = root.getAsJsonObject(names.get(r.nextInt(names.size())));
				final JsonArray o = other.getAsJsonArray("data_offsets").deepCopy();
				final long shift = r.nextBoolean() ? 0 : r.nextInt(17) - 8;
				log.append(name).append(" data_offsets shifted onto another's by ").append(shift).append(
					"; ");
				final long len = offsets.get(1).getAsLong() - offsets.get(0).getAsLong();
				offsets.set(0, new JsonPrimitive(o.get(0).getAsLong() + shift));
				offsets.set(1, new JsonPrimitive(o.get(0).getAsLong() + shift + len));
				break;
			}
			case 2: {
				final String d = DTYPES[r.nextInt(DTYPES.length)];
				log.append(name).append(" dtype = ").append(d).append("; ");
				t.addProperty("dtype", d);
				break;
			}
			case 3: {
				final int what = r.nextInt(5);
				if (what == 0) shape.add(1 + r.nextInt(3));
				else if (what == 1 && shape.size() > 0) shape.remove(r.nextInt(shape.size()));
				else if (what == 2 && shape.size() > 0) shape.set(r.nextInt(shape.size()), new JsonPrimitive(
					ByteMutations.interesting(r, data.length)));
				else if (what == 3) {
					shape.add(1L << 32);
					shape.add(1L << 32);
				}
				else shape.add(r.nextBoolean() ? new JsonPrimitive(1.5) : new JsonPrimitive("2"));
				log.append(name).append(" shape = ").append(shape).append("; ");
				break;
			}
			case 4: { // wrong JSON types in fields
				final String[] fields = { "dtype", "shape", "data_offsets" };
				final String f = fields[r.nextInt(3)];
				final JsonElement[] values = { new JsonPrimitive(1), new JsonArray(), new JsonObject(),
					JsonParser.parseString("null"), new JsonPrimitive("x"), JsonParser.parseString("[[1]]") };
				final JsonElement v = values[r.nextInt(values.length)];
				log.append(name).append(' ').append(f).append(" = ").append(v).append("; ");
				if (r.nextInt(4) == 0) t.remove(f);
				else t.add(f, v);
				break;
			}
			case 5: { // odd names
				final String[] odd = { "", "../" + name, "/" + name, name + "\0", "\0", "x".repeat(70_000),
					"module." + name, "backbone." + name, names.get(0) };
				final String n = odd[r.nextInt(odd.length)];
				log.append("rename ").append(name).append(" -> '").append(PickleAllowlist.printable(n))
					.append("'; ");
				root.remove(name);
				root.add(n, t);
				break;
			}
			case 6:
				log.append("drop ").append(name).append("; ");
				root.remove(name);
				break;
			case 7: { // the same name twice (JSON objects cannot hold that, so splice text)
				log.append("duplicate ").append(name).append("; ");
				final String json = root.toString();
				return assemble("{\"" + name + "\":" + t + "," + json.substring(1), data, true);
			}
			default: { // a non-object tensor entry or metadata
				final String key = r.nextBoolean() ? name : "__metadata__";
				log.append(key).append(" = 7; ");
				root.addProperty(key, 7);
				break;
			}
		}
		return assemble(root.toString(), data, r.nextInt(8) != 0);
	}

	/** Header length, header, data; with a wrong (stale) length unless fixLength. */
	private static byte[] assemble(final String header, final byte[] data, final boolean fixLength) {
		final byte[] h = header.getBytes(StandardCharsets.UTF_8);
		final ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(
			ByteOrder.LITTLE_ENDIAN);
		b.putLong(fixLength ? h.length : h.length + 8).put(h).put(data);
		return b.array();
	}
}
