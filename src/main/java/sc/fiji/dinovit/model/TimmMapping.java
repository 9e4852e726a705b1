package sc.fiji.dinovit.model;

import static sc.fiji.dinovit.model.CanonicalNames.FC1_BIAS;
import static sc.fiji.dinovit.model.CanonicalNames.FC1_WEIGHT;
import static sc.fiji.dinovit.model.CanonicalNames.FC2_BIAS;
import static sc.fiji.dinovit.model.CanonicalNames.FC2_WEIGHT;
import static sc.fiji.dinovit.model.CanonicalNames.POS_EMBED;
import static sc.fiji.dinovit.model.CanonicalNames.W12_BIAS;
import static sc.fiji.dinovit.model.CanonicalNames.W12_WEIGHT;
import static sc.fiji.dinovit.model.CanonicalNames.W3_BIAS;
import static sc.fiji.dinovit.model.CanonicalNames.W3_WEIGHT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * timm names are the official ones except for the conversions timm applies to DINOv2 files:
 * <ul>
 * <li>{@code reg_token} is {@code register_tokens};</li>
 * <li>giant's packed SwiGLU is stored as {@code mlp.fc1} (2H, D) / {@code mlp.fc2} (D, H), which
 * are {@code mlp.w12} / {@code mlp.w3};</li>
 * <li>reg4 files store {@code pos_embed} without the class row and fold that row into
 * {@code cls_token}. The canonical equivalent keeps {@code cls_token} as it is and prepends a zero
 * class row to {@code pos_embed}: [CLS] + 0 equals timm's token, and only patch rows are ever
 * interpolated.</li>
 * </ul>
 */
final class TimmMapping {

	static final String REG_TOKEN = "reg_token";

	private TimmMapping() {}

	static Map<String, TensorData> map(final Map<String, TensorData> in, final List<String> dropped) {
		final Map<String, TensorData> official = OfficialMapping.map(in, dropped);
		final Map<String, TensorData> out = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorData> e : official.entrySet()) {
			final String name = e.getKey();
			final TensorData t = e.getValue();
			if (name.equals(REG_TOKEN)) KeyMapper.put(out, CanonicalNames.REGISTER_TOKENS, t);
			else if (name.equals(POS_EMBED) && isPosEmbedWithoutClassRow(TensorShape.of(t)))
				out.put(POS_EMBED, withZeroClassRow(t));
			else KeyMapper.put(out, swiGluName(name, official), t);
		}
		return out;
	}

	/** True for a rank-3 pos_embed whose row count is a square (1 + n^2 is never a square). */
	static boolean isPosEmbedWithoutClassRow(final TensorShape shape) {
		return shape != null && shape.rank() == 3 && shape.dim(1) > 0 && isSquare(shape.dim(1));
	}

	/** True when fc1 (2H, D) and fc2 (D, H) are a packed SwiGLU rather than an MLP. */
	static boolean isPackedSwiGlu(final TensorShape fc1, final TensorShape fc2) {
		return fc1 != null && fc2 != null && fc1.rank() == 2 && fc2.rank() == 2 &&
			fc1.dim(0) == 2 * fc2.dim(1);
	}

	static boolean isSquare(final long n) {
		final long r = Math.round(Math.sqrt(n));
		return r * r == n;
	}

	private static String swiGluName(final String name, final Map<String, TensorData> tensors) {
		final OptionalInt block = CanonicalNames.blockIndex(name);
		if (block.isEmpty()) return name;
		final int i = block.getAsInt();
		final TensorData fc1 = tensors.get(CanonicalNames.block(i, FC1_WEIGHT));
		final TensorData fc2 = tensors.get(CanonicalNames.block(i, FC2_WEIGHT));
		if (fc1 == null || fc2 == null || !isPackedSwiGlu(TensorShape.of(fc1), TensorShape.of(fc2)))
			return name;
		final String suffix = name.substring(CanonicalNames.block(i, "").length());
		switch (suffix) {
			case FC1_WEIGHT: return CanonicalNames.block(i, W12_WEIGHT);
			case FC1_BIAS: return CanonicalNames.block(i, W12_BIAS);
			case FC2_WEIGHT: return CanonicalNames.block(i, W3_WEIGHT);
			case FC2_BIAS: return CanonicalNames.block(i, W3_BIAS);
			default: return name;
		}
	}

	private static TensorData withZeroClassRow(final TensorData posEmbed) {
		final long rows = posEmbed.dim(1);
		final long dim = posEmbed.dim(2);
		final TensorData zeroRow = TensorConcat.zeros("class row", posEmbed.dtype(), 1, dim);
		final TensorData patchRows = posEmbed.renamed(POS_EMBED, rows, dim);
		return TensorConcat.alongFirstDim(POS_EMBED, List.of(zeroRow, patchRows))
			.renamed(POS_EMBED, 1, rows + 1, dim);
	}
}
