package sc.fiji.dinovit.model.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of one checkpoint file, by name, in file order, whatever the file format.
 * <p>
 * Tensor bytes may be memory-mapped from {@link #source()}; they stay readable while the
 * checkpoint is reachable. {@link #close()} drops the references so the mapping can be freed;
 * do not use the tensors afterwards.
 */
public final class Checkpoint implements AutoCloseable {

	/** The file format a checkpoint was read from. */
	public enum Format {
		/** torch.save zip archive ({@code .pth}, {@code pytorch_model.bin}). */
		TORCH_ZIP,
		/** Hugging Face safetensors. */
		SAFETENSORS
	}

	private final Path source;
	private final Format format;
	private final String origin;
	private Map<String, TensorData> tensors;

	public Checkpoint(final Path source, final Format format, final Map<String, TensorData> tensors) {
		this(source, format, tensors, "");
	}

	/**
	 * @param origin where in the file the tensors were found and how their names were changed,
	 *          e.g. "'teacher' state dict, prefixes module., backbone. removed"; may be empty
	 */
	public Checkpoint(final Path source, final Format format, final Map<String, TensorData> tensors,
		final String origin)
	{
		this.source = source;
		this.format = format;
		this.origin = origin == null ? "" : origin;
		this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
	}

	public Path source() {
		return source;
	}

	public Format format() {
		return format;
	}

	/**
	 * Where in the file the tensors were found and which name prefixes were removed, for logs
	 * and messages; empty when the file is a plain state dict.
	 */
	public String origin() {
		return origin;
	}

	/** Name to tensor, in the order the file lists them. */
	public Map<String, TensorData> tensors() {
		if (tensors == null) throw new IllegalStateException("Checkpoint " + source + " is closed");
		return tensors;
	}

	@Override
	public void close() {
		tensors = null;
	}
}
