package sc.fiji.dinovit.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * A checkpoint's tensors after {@link KeyMapper} renamed them to the {@link CanonicalNames}:
 * not yet validated. Names the mapping did not recognise are kept as they were, so that
 * validation can report them as unexpected under the name the user's file uses.
 */
public final class CanonicalTensors {

	private final NamingScheme scheme;
	private final Map<String, TensorData> tensors;
	private final List<String> droppedNames;

	public CanonicalTensors(final NamingScheme scheme, final Map<String, TensorData> tensors,
		final List<String> droppedNames)
	{
		this.scheme = scheme;
		this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
		this.droppedNames = List.copyOf(droppedNames);
	}

	/** The naming scheme the checkpoint was read with. */
	public NamingScheme scheme() {
		return scheme;
	}

	/** Canonical name to tensor; each tensor's own {@link TensorData#name()} is the key. */
	public Map<String, TensorData> tensors() {
		return tensors;
	}

	/** Original names of tensors left out on purpose (heads, poolers, mask token, id buffers). */
	public List<String> droppedNames() {
		return droppedNames;
	}

	/** Canonical name to shape. */
	public Map<String, TensorShape> shapes() {
		return KeyMapper.shapesOf(tensors);
	}
}
