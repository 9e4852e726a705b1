package sc.fiji.dinovit.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Validated weights of one ViT under the canonical (official DINO / DINOv2) tensor names, with
 * the architecture they imply. Whatever the checkpoint's naming scheme, the tensors here are
 * named and shaped as in the official code, for example {@code blocks.3.attn.qkv.weight} of shape
 * (3D, D) with rows q | k | v, {@code pos_embed} of shape (1, 1 + posGrid^2, D).
 * Tensors only needed for training (mask_token) are dropped.
 */
public final class ModelWeights {

	private final ModelSpec spec;
	private final Map<String, TensorData> tensors;
	private final String sourceDescription;

	public ModelWeights(final ModelSpec spec, final Map<String, TensorData> tensors,
		final String sourceDescription)
	{
		this.spec = spec;
		this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
		this.sourceDescription = sourceDescription;
	}

	public ModelSpec spec() {
		return spec;
	}

	/** Canonical name to tensor. */
	public Map<String, TensorData> tensors() {
		return tensors;
	}

	/** The tensor of that canonical name; fails with a clear message when absent. */
	public TensorData get(final String canonicalName) {
		final TensorData t = tensors.get(canonicalName);
		if (t == null) throw new IllegalArgumentException("Model weights from " + sourceDescription +
			" have no tensor '" + canonicalName + "'");
		return t;
	}

	/** Where these weights came from (a file and its naming scheme), for messages. */
	public String sourceDescription() {
		return sourceDescription;
	}
}
