package sc.fiji.dinovit.model.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the model's state dict inside an unpickled checkpoint and normalises its names.
 * <p>
 * <b>Where.</b> A dict that holds tensors directly is the state dict. Otherwise the first of
 * {@link #NESTED_KEYS} that leads (at most {@value #MAX_NESTING} levels down) to such a dict is
 * taken, in this order: {@code teacher} before {@code student} (DINO's own evaluation code
 * loads the teacher, the better network), then {@code model}, {@code state_dict},
 * {@code module}.
 * <p>
 * <b>Names.</b> Repeatedly, until nothing changes: a leading {@code module.} (DistributedDataParallel)
 * is removed from every name that has it; if some names start with {@code teacher.} (or, failing
 * that, {@code student.}) only those are kept, without the prefix; if some names start with
 * {@code backbone.} only those are kept, without the prefix (DINO's projection head
 * {@code head.*} is dropped). So {@code module.backbone.blocks.0.norm1.weight} becomes
 * {@code blocks.0.norm1.weight}. Entries whose value is not a tensor are skipped.
 * <p>
 * Stateless and thread-safe.
 */
final class StateDictLocator {

	/** Keys that may hold a nested state dict, in order of preference. */
	static final List<String> NESTED_KEYS = List.of("teacher", "student", "model", "state_dict",
		"module");

	static final int MAX_NESTING = 4;

	private static final String[] GROUP_PREFIXES = { "teacher.", "student." };

	/**
	 * The chosen tensors under their normalised names, and a description of where they came from
	 * (e.g. "'teacher' state dict, prefixes module., backbone. removed").
	 */
	record Selection<T>(Map<String, T> tensors, String description) {}

	private StateDictLocator() {}

	/**
	 * @param root the unpickled top-level object
	 * @param tensorType class of the tensor values
	 * @param source file name for messages
	 */
	static <T> Selection<T> locate(final Object root, final Class<T> tensorType, final String source)
		throws CheckpointFormatException
	{
		final List<String> path = new ArrayList<>();
		final Map<?, ?> dict = find(root, tensorType, path, 0, Collections.newSetFromMap(
			new IdentityHashMap<>()));
		if (dict == null) throw new CheckpointFormatException(source + ": no state dict found. " +
			describeTop(root) + " Expected a dict of tensors at the top level or under one of " +
			NESTED_KEYS + ". Save the weights with torch.save(model.state_dict(), path)");
		final Map<String, T> tensors = new LinkedHashMap<>();
		for (final Map.Entry<?, ?> e : dict.entrySet())
			if (e.getKey() instanceof String && tensorType.isInstance(e.getValue()))
				tensors.put((String) e.getKey(), tensorType.cast(e.getValue()));
		final String where = path.isEmpty() ? "top-level state dict" : "'" + String.join("'/'", path) +
			"' state dict";
		return normalizeNames(tensors, where, source);
	}

	/** Applies the name normalisation described in the class comment to a flat tensor map. */
	static <T> Selection<T> normalizeNames(final Map<String, T> tensors, final String where,
		final String source) throws CheckpointFormatException
	{
		Map<String, T> names = tensors;
		final List<String> removed = new ArrayList<>();
		for (int round = 0; round < 16; round++) {
			Map<String, T> next = stripWherePresent(names, "module.", source);
			String prefix = "module.";
			if (next == null) {
				prefix = null;
				for (final String group : GROUP_PREFIXES) {
					next = keepOnly(names, group);
					if (next != null) {
						prefix = group;
						break;
					}
				}
			}
			if (next == null) {
				next = keepOnly(names, "backbone.");
				prefix = "backbone.";
			}
			if (next == null) break;
			names = next;
			removed.add(prefix);
		}
		final String description = removed.isEmpty() ? where : where + ", prefixes " + String.join(
			", ", removed) + " removed";
		return new Selection<>(names, description);
	}

	/** Depth-first over {@link #NESTED_KEYS}; each dict is visited once, so shared or cyclic
	 * references cannot multiply the work. */
	private static Map<?, ?> find(final Object node, final Class<?> tensorType,
		final List<String> path, final int depth, final Set<Object> visited)
	{
		if (!(node instanceof Map) || depth > MAX_NESTING || !visited.add(node)) return null;
		final Map<?, ?> map = (Map<?, ?>) node;
		for (final Object v : map.values())
			if (tensorType.isInstance(v)) return map;
		for (final String key : NESTED_KEYS) {
			path.add(key);
			final Map<?, ?> found = find(map.get(key), tensorType, path, depth + 1, visited);
			if (found != null) return found;
			path.remove(path.size() - 1);
		}
		return null;
	}

	/** Removes the prefix from the names that have it; null when none has it. */
	private static <T> Map<String, T> stripWherePresent(final Map<String, T> in, final String prefix,
		final String source) throws CheckpointFormatException
	{
		if (in.keySet().stream().noneMatch(k -> k.startsWith(prefix))) return null;
		final Map<String, T> out = new LinkedHashMap<>();
		for (final Map.Entry<String, T> e : in.entrySet()) {
			final String name = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e
				.getKey();
			if (out.put(name, e.getValue()) != null) throw new CheckpointFormatException(source +
				": the state dict has the tensor '" + name + "' both with and without the prefix '" +
				prefix + "'; remove one of them");
		}
		return out;
	}

	/** Keeps only the names with the prefix, without it; null when none has it. */
	private static <T> Map<String, T> keepOnly(final Map<String, T> in, final String prefix) {
		final Map<String, T> out = new LinkedHashMap<>();
		for (final Map.Entry<String, T> e : in.entrySet())
			if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e
				.getValue());
		return out.isEmpty() ? null : out;
	}

	private static String describeTop(final Object root) {
		if (!(root instanceof Map)) return "The file holds a " + RestrictedUnpickler.typeName(root) +
			", not a dict.";
		final StringBuilder b = new StringBuilder("Top-level keys: ");
		final Iterator<?> it = ((Map<?, ?>) root).keySet().iterator();
		for (int i = 0; it.hasNext() && i < 12; i++)
			b.append(i == 0 ? "" : ", ").append(it.next() instanceof String s ? PickleAllowlist
				.printable(s) : "(non-string)");
		if (it.hasNext()) b.append(", ...");
		return b.append('.').toString();
	}
}
