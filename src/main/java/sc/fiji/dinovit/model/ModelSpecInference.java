package sc.fiji.dinovit.model;

import static sc.fiji.dinovit.model.CanonicalNames.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Infers a {@link ModelSpec} from canonical tensor shapes. Only the tensors that define the
 * architecture are read; whether all others fit is checked afterwards against
 * {@link CanonicalLayout#expectedShapes}.
 * <ul>
 * <li>patch size p and D from {@code patch_embed.proj.weight} (D, 3, p, p);</li>
 * <li>depth from the block indices, which must run 0 .. depth-1 without gaps;</li>
 * <li>heads = D / {@link ModelSpec#DEFAULT_HEAD_DIM};</li>
 * <li>MLP with hidden H from {@code blocks.0.mlp.fc1.weight} (H, D), or SwiGLU with hidden H from
 * {@code blocks.0.mlp.w12.weight} (2H, D);</li>
 * <li>LayerScale if any block has {@code ls1/ls2.gamma} (blocks lacking them are then reported as
 * missing tensors by validation);</li>
 * <li>R registers from {@code register_tokens} (1, R, D), else 0;</li>
 * <li>pos grid g from {@code pos_embed} (1, 1 + g^2, D);</li>
 * <li>family DINOv2 if LayerScale, registers, SwiGLU or patch 14, else DINO v1.</li>
 * </ul>
 */
public final class ModelSpecInference {

	private static final int DINOV2_PATCH_SIZE = 14;

	private ModelSpecInference() {}

	/**
	 * @param shapes canonical name to shape (see {@link KeyMapper})
	 * @throws ModelFormatException naming the tensor that prevents inference
	 */
	public static ModelSpec infer(final Map<String, TensorShape> shapes) throws ModelFormatException {
		final TensorShape patch = require(shapes, PATCH_EMBED_WEIGHT, "the patch size and width");
		if (patch.rank() != 4 || patch.dim(1) != CanonicalLayout.IN_CHANNELS) throw new ModelFormatException(
			PATCH_EMBED_WEIGHT + " has shape " + patch + "; expected (D, 3, p, p) for RGB patches");
		if (patch.dim(2) != patch.dim(3)) throw new ModelFormatException(PATCH_EMBED_WEIGHT +
			" has shape " + patch + ": patches of " + patch.dim(2) + " x " + patch.dim(3) +
			" pixels are not square, which DINO / DINOv2 models never have");
		final int embedDim = toInt(patch.dim(0), PATCH_EMBED_WEIGHT);
		final int patchSize = toInt(patch.dim(2), PATCH_EMBED_WEIGHT);
		final int depth = depth(shapes);
		final int numHeads = numHeads(embedDim);
		final boolean swiGlu = shapes.containsKey(block(0, W12_WEIGHT));
		final int mlpHidden = swiGlu ? swiGluHidden(shapes) : mlpHidden(shapes);
		final boolean layerScale = hasLayerScale(shapes);
		final int registers = numRegisters(shapes);
		final int posGrid = posGrid(shapes);
		final boolean v2 = layerScale || registers > 0 || swiGlu || patchSize == DINOV2_PATCH_SIZE;
		try {
			return new ModelSpec(v2 ? ModelSpec.Family.DINO_V2 : ModelSpec.Family.DINO_V1, patchSize,
				embedDim, depth, numHeads, swiGlu ? ModelSpec.MlpType.SWIGLU : ModelSpec.MlpType.MLP,
				mlpHidden, layerScale, registers, posGrid);
		}
		catch (final IllegalArgumentException e) {
			throw new ModelFormatException("Inconsistent architecture: " + e.getMessage(), e);
		}
	}

	private static TensorShape require(final Map<String, TensorShape> shapes, final String name,
		final String purpose) throws ModelFormatException
	{
		final TensorShape s = shapes.get(name);
		if (s == null) throw new ModelFormatException("Tensor " + name + " is missing; it defines " +
			purpose + " of the model");
		return s;
	}

	private static int depth(final Map<String, TensorShape> shapes) throws ModelFormatException {
		final TreeSet<Integer> indices = new TreeSet<>();
		for (final String name : shapes.keySet()) {
			final OptionalInt i = blockIndex(name);
			if (i.isPresent()) indices.add(i.getAsInt());
		}
		if (indices.isEmpty()) throw new ModelFormatException(
			"No transformer blocks (tensors named blocks.<i>.*) found");
		final List<Integer> gaps = new ArrayList<>();
		for (int i = 0; i <= indices.last(); i++)
			if (!indices.contains(i)) gaps.add(i);
		if (!gaps.isEmpty()) throw new ModelFormatException("Transformer blocks " + gaps +
			" are missing between blocks 0 and " + indices.last() +
			"; block indices must run without gaps (is the file truncated or a partial export?)");
		return indices.last() + 1;
	}

	private static int numHeads(final int embedDim) throws ModelFormatException {
		if (embedDim % ModelSpec.DEFAULT_HEAD_DIM != 0) throw new ModelFormatException(
			"Embedding dimension " + embedDim + " is not a multiple of the head dimension " +
				ModelSpec.DEFAULT_HEAD_DIM + " that every DINO / DINOv2 model uses");
		return embedDim / ModelSpec.DEFAULT_HEAD_DIM;
	}

	private static int mlpHidden(final Map<String, TensorShape> shapes) throws ModelFormatException {
		final String name = block(0, FC1_WEIGHT);
		final TensorShape fc1 = shapes.get(name);
		if (fc1 == null) throw new ModelFormatException("Block 0 has neither " + name + " (MLP) nor " +
			block(0, W12_WEIGHT) + " (SwiGLU); cannot tell the feed-forward layer");
		if (fc1.rank() != 2) throw new ModelFormatException(name + " has shape " + fc1 +
			"; expected (hidden, D)");
		return toInt(fc1.dim(0), name);
	}

	private static int swiGluHidden(final Map<String, TensorShape> shapes) throws ModelFormatException {
		final String name = block(0, W12_WEIGHT);
		final TensorShape w12 = shapes.get(name);
		if (shapes.containsKey(block(0, FC1_WEIGHT))) throw new ModelFormatException("Block 0 has both " +
			name + " (SwiGLU) and " + block(0, FC1_WEIGHT) + " (MLP)");
		if (w12.rank() != 2 || w12.dim(0) % 2 != 0) throw new ModelFormatException(name +
			" has shape " + w12 + "; expected (2 * hidden, D)");
		return toInt(w12.dim(0) / 2, name);
	}

	private static boolean hasLayerScale(final Map<String, TensorShape> shapes) {
		for (final String name : shapes.keySet())
			if (blockIndex(name).isPresent() && (name.endsWith("." + LS1_GAMMA) || name.endsWith("." +
				LS2_GAMMA))) return true;
		return false;
	}

	private static int numRegisters(final Map<String, TensorShape> shapes) throws ModelFormatException {
		final TensorShape r = shapes.get(REGISTER_TOKENS);
		if (r == null) return 0;
		if (r.rank() != 3 || r.dim(0) != 1 || r.dim(1) < 1) throw new ModelFormatException(
			REGISTER_TOKENS + " has shape " + r + "; expected (1, R, D) with R registers");
		return toInt(r.dim(1), REGISTER_TOKENS);
	}

	private static int posGrid(final Map<String, TensorShape> shapes) throws ModelFormatException {
		final TensorShape pos = require(shapes, POS_EMBED, "the position embedding grid");
		if (pos.rank() != 3 || pos.dim(0) != 1 || pos.dim(1) < 2) throw new ModelFormatException(
			POS_EMBED + " has shape " + pos + "; expected (1, 1 + grid^2, D)");
		final long patchRows = pos.dim(1) - 1;
		final long grid = Math.round(Math.sqrt(patchRows));
		if (grid * grid != patchRows) throw new ModelFormatException(POS_EMBED + " has shape " + pos +
			": " + patchRows + " patch rows after the class row is not a square grid");
		return toInt(grid, POS_EMBED);
	}

	private static int toInt(final long value, final String name) throws ModelFormatException {
		if (value <= 0 || value > Integer.MAX_VALUE) throw new ModelFormatException(name +
			" has an impossible size " + value);
		return (int) value;
	}
}
