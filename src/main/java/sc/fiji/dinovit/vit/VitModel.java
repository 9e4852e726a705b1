package sc.fiji.dinovit.vit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.model.ModelWeights;
import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * A DINO / DINOv2 Vision Transformer whose forward pass runs as DJL (PyTorch engine) operations.
 * <p>
 * <b>Threads:</b> load once, share between threads: {@link #forward} only reads the weights and
 * may be called concurrently. <b>Native memory:</b> the model owns its weights (closed by
 * {@link #close()}); each forward pass scopes its temporaries and frees them before it returns,
 * results leave as Java arrays. F32 weights that are memory-mapped from the checkpoint file are
 * wrapped without copying, so the file must not change while the model is open.
 * <b>Memory:</b> self-attention is evaluated in chunks of query rows so the t x t score matrix of
 * all heads never exists at once (see {@link #attentionChunkBytes}).
 */
public final class VitModel implements AutoCloseable {

	/** Default memory for one chunk of attention scores (all heads), in bytes. */
	public static final long DEFAULT_ATTENTION_CHUNK_BYTES = 256L << 20;

	private final ModelSpec spec;
	private final NDManager manager;
	private final Map<String, NDArray> weights = new HashMap<>();
	private final float[] posGrid;
	private final float[] posCls;
	private final Map<Long, float[]> posCache = new LinkedHashMap<Long, float[]>(16, 0.75f, true) {
		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(final Map.Entry<Long, float[]> eldest) {
			return size() > 16;
		}
	};
	private volatile long attentionChunkBytes = DEFAULT_ATTENTION_CHUNK_BYTES;
	private volatile boolean closed;

	private VitModel(final ModelSpec spec, final NDManager manager, final float[] posGrid,
		final float[] posCls)
	{
		this.spec = spec;
		this.manager = manager;
		this.posGrid = posGrid;
		this.posCls = posCls;
	}

	/**
	 * Copies (or, for memory-mapped float32 tensors, wraps) the weights onto a device.
	 *
	 * @param weights validated canonical weights
	 * @param device where to run; {@code Device.cpu()} or a GPU DJL can see
	 */
	public static VitModel load(final ModelWeights weights, final Device device) {
		final ModelSpec spec = weights.spec();
		final NDManager manager = NDManager.newBaseManager(device, "PyTorch");
		final int d = spec.embedDim();
		final int m = spec.posGridSize();
		final float[] pos = weights.get("pos_embed").toFloatArray();
		final float[] posCls = new float[d];
		System.arraycopy(pos, 0, posCls, 0, d);
		final float[] posGrid = new float[m * m * d];
		System.arraycopy(pos, d, posGrid, 0, posGrid.length);
		final VitModel model = new VitModel(spec, manager, posGrid, posCls);
		try {
			for (final Map.Entry<String, TensorData> e : weights.tensors().entrySet()) {
				if (e.getKey().equals("pos_embed")) continue;
				model.weights.put(e.getKey(), toNd(manager, e.getValue()));
			}
		}
		catch (final RuntimeException e) {
			manager.close();
			throw e;
		}
		return model;
	}

	private static NDArray toNd(final NDManager manager, final TensorData t) {
		final Shape shape = new Shape(t.shape());
		final ByteBuffer bytes = t.bytes();
		if (t.dtype() == DType.F32 && bytes.isDirect() &&
			ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)
		{
			return manager.create(bytes.order(ByteOrder.nativeOrder()), shape, DataType.FLOAT32);
		}
		return manager.create(t.toFloatArray(), shape);
	}

	public ModelSpec spec() {
		return spec;
	}

	public Device device() {
		return manager.getDevice();
	}

	/**
	 * Bytes allowed for one chunk of attention scores (heads x rows x t floats); smaller values
	 * lower peak memory for many tokens at some cost in speed.
	 */
	public void setAttentionChunkBytes(final long bytes) {
		if (bytes < 1 << 20) throw new IllegalArgumentException("Attention chunk must be >= 1 MiB");
		this.attentionChunkBytes = bytes;
	}

	public long attentionChunkBytes() {
		return attentionChunkBytes;
	}

	/**
	 * The patch position embeddings resized to a token grid, [CLS] row first: (1 + rows*cols) * D
	 * values. Applies the reference's early exit (no resize when the token count equals the
	 * pretrained one and the image is square in pixels).
	 */
	public float[] positionEmbedding(final PatchGrid grid) {
		final int d = spec.embedDim();
		final int m = spec.posGridSize();
		final int n = grid.numPatches();
		final float[] out = new float[(1 + n) * d];
		System.arraycopy(posCls, 0, out, 0, d);
		if (n == m * m && grid.height() == grid.width()) {
			System.arraycopy(posGrid, 0, out, d, posGrid.length);
			return out;
		}
		final long key = ((long) grid.rows() << 32) | grid.cols();
		float[] resized;
		synchronized (posCache) {
			resized = posCache.get(key);
		}
		if (resized == null) {
			resized = PositionEmbeddingResizer.resize(posGrid, m, d, grid.rows(), grid.cols(),
				spec.antialiasedPosEmbed());
			synchronized (posCache) {
				posCache.put(key, resized);
			}
		}
		System.arraycopy(resized, 0, out, d, resized.length);
		return out;
	}

	/**
	 * Runs the network on one normalised image and captures what the request asks for, stopping
	 * after the deepest block needed.
	 *
	 * @param chw 3 * height * width normalised values, channel-major then row-major (RGB)
	 * @param height image height in pixels
	 * @param width image width in pixels
	 * @param stride patch-embedding stride in pixels; must divide the patch size
	 * @param request what to capture
	 * @param cancelled polled between blocks and attention chunks; when it returns true the pass
	 *          stops with a {@link CancellationException} after freeing its native memory
	 */
	public VitOutput forward(final float[] chw, final int height, final int width, final int stride,
		final FeatureRequest request, final BooleanSupplier cancelled)
	{
		if (closed) throw new IllegalStateException("The model has been closed");
		if (chw.length != 3 * height * width) throw new IllegalArgumentException("Expected 3*" +
			height + "*" + width + " values, got " + chw.length);
		request.validate(spec.depth());
		final PatchGrid grid = PatchGrid.of(height, width, spec.patchSize(), stride);
		final int deepest = request.deepestLayer(spec.depth());
		final int d = spec.embedDim();
		final Map<Long, float[]> facets = new HashMap<>();
		final Map<Integer, float[]> attention = new HashMap<>();
		float[] finalNorm = null;
		try (NDManager call = manager.newSubManager(); NDScope outer = new NDScope()) {
			NDArray x;
			try (NDScope embedScope = new NDScope()) {
				x = embed(call, chw, grid);
				NDScope.unregister(x);
			}
			NDScope.register(x);
			for (int layer = 0; layer <= deepest; layer++) {
				checkCancelled(cancelled);
				if (layer == deepest && onlyQkvNeeded(request, layer)) {
					try (NDScope lastScope = new NDScope()) {
						qkvFacets(x, layer, request, facets);
					}
					break;
				}
				final NDArray next;
				try (NDScope layerScope = new NDScope()) {
					next = block(x, layer, request, facets, attention, cancelled);
					NDScope.unregister(next);
				}
				NDScope.register(next);
				x.close();
				x = next;
			}
			if (request.finalNorm()) {
				try (NDScope normScope = new NDScope()) {
					finalNorm = LayerNorm.layerNorm(x, new Shape(d), weights.get("norm.weight"),
						weights.get("norm.bias"), (float) ModelSpec.LAYER_NORM_EPS).singletonOrThrow()
						.toFloatArray();
				}
			}
		}
		return new VitOutput(grid, spec.numPrefixTokens(), d, spec.numHeads(), facets, attention,
			finalNorm);
	}

	/** Same as {@link #forward(float[], int, int, int, FeatureRequest, BooleanSupplier)}, never cancelled. */
	public VitOutput forward(final float[] chw, final int height, final int width, final int stride,
		final FeatureRequest request)
	{
		return forward(chw, height, width, stride, request, () -> false);
	}

	private static void checkCancelled(final BooleanSupplier cancelled) {
		if (cancelled.getAsBoolean()) throw new CancellationException("Feature extraction cancelled");
	}

	/** Patch embedding, [CLS], position embedding, registers: (1, t, D). */
	private NDArray embed(final NDManager call, final float[] chw, final PatchGrid grid) {
		final int d = spec.embedDim();
		final int n = grid.numPatches();
		final NDArray image = call.create(chw, new Shape(1, 3, grid.height(), grid.width()));
		final NDArray patches = Conv2d.conv2d(image, weights.get("patch_embed.proj.weight"),
			weights.get("patch_embed.proj.bias"), new Shape(grid.stride(), grid.stride()),
			new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
		final NDArray tokens = patches.reshape(1, d, n).transpose(0, 2, 1);
		final NDArray cls = call.create(clsToken(), new Shape(1, 1, d));
		final NDArray pos = call.create(positionEmbedding(grid), new Shape(1, 1 + n, d));
		NDArray x = NDArrays.concat(new NDList(cls, tokens), 1).add(pos);
		if (spec.numRegisterTokens() > 0) {
			final NDArray regs = weights.get("register_tokens");
			x = NDArrays.concat(new NDList(x.get(new NDIndex(":, 0:1, :")), regs, x.get(new NDIndex(
				":, 1:, :"))), 1);
		}
		return x;
	}

	private float[] clsToken() {
		return weights.get("cls_token").toFloatArray();
	}

	/**
	 * Whether the deepest requested block needs nothing past its qkv projection (no token facet, no
	 * attention, no final norm): then the pass ends there instead of finishing the block.
	 */
	private static boolean onlyQkvNeeded(final FeatureRequest request, final int layer) {
		return !request.finalNorm() && !request.wants(layer, Facet.TOKEN) && !request.attentionLayers()
			.contains(layer);
	}

	/** LayerNorm1 and the qkv projection of a block, capturing the requested facets. */
	private NDArray[] qkvFacets(final NDArray x, final int layer, final FeatureRequest request,
		final Map<Long, float[]> facets)
	{
		final int d = spec.embedDim();
		final String p = "blocks." + layer + ".";
		final NDArray h = LayerNorm.layerNorm(x, new Shape(d), weights.get(p + "norm1.weight"),
			weights.get(p + "norm1.bias"), (float) ModelSpec.LAYER_NORM_EPS).singletonOrThrow();
		final NDArray qkv = Linear.linear(h, weights.get(p + "attn.qkv.weight"), weights.get(p +
			"attn.qkv.bias")).singletonOrThrow();
		final NDArray q = qkv.get(new NDIndex(":, :, 0:" + d));
		final NDArray k = qkv.get(new NDIndex(":, :, " + d + ":" + 2 * d));
		final NDArray v = qkv.get(new NDIndex(":, :, " + 2 * d + ":"));
		if (request.wants(layer, Facet.QUERY)) facets.put(VitOutput.key(layer, Facet.QUERY), q.toFloatArray());
		if (request.wants(layer, Facet.KEY)) facets.put(VitOutput.key(layer, Facet.KEY), k.toFloatArray());
		if (request.wants(layer, Facet.VALUE)) facets.put(VitOutput.key(layer, Facet.VALUE), v.toFloatArray());
		return new NDArray[] { q, k, v };
	}

	/** One pre-norm transformer block; captures requested facets and attention. */
	private NDArray block(final NDArray x, final int layer, final FeatureRequest request,
		final Map<Long, float[]> facets, final Map<Integer, float[]> attention,
		final BooleanSupplier cancelled)
	{
		final int d = spec.embedDim();
		final String p = "blocks." + layer + ".";
		final NDArray[] qkv = qkvFacets(x, layer, request, facets);
		final NDArray q = qkv[0], k = qkv[1], v = qkv[2];
		final NDArray attended = attention(q, k, v, layer, request.attentionLayers().contains(layer),
			attention, cancelled);
		NDArray update = Linear.linear(attended, weights.get(p + "attn.proj.weight"), weights.get(p +
			"attn.proj.bias")).singletonOrThrow();
		if (spec.layerScale()) update = update.mul(weights.get(p + "ls1.gamma"));
		final NDArray x1 = x.add(update);
		final NDArray h2 = LayerNorm.layerNorm(x1, new Shape(d), weights.get(p + "norm2.weight"),
			weights.get(p + "norm2.bias"), (float) ModelSpec.LAYER_NORM_EPS).singletonOrThrow();
		NDArray mlp = spec.mlpType() == ModelSpec.MlpType.SWIGLU ? swiglu(h2, p) : mlp(h2, p);
		if (spec.layerScale()) mlp = mlp.mul(weights.get(p + "ls2.gamma"));
		final NDArray out = x1.add(mlp);
		if (request.wants(layer, Facet.TOKEN)) facets.put(VitOutput.key(layer, Facet.TOKEN), out.toFloatArray());
		return out;
	}

	private NDArray mlp(final NDArray h, final String p) {
		final NDArray hidden = Activation.gelu(Linear.linear(h, weights.get(p + "mlp.fc1.weight"),
			weights.get(p + "mlp.fc1.bias")).singletonOrThrow());
		return Linear.linear(hidden, weights.get(p + "mlp.fc2.weight"), weights.get(p + "mlp.fc2.bias"))
			.singletonOrThrow();
	}

	private NDArray swiglu(final NDArray h, final String p) {
		final int hidden = spec.mlpHiddenDim();
		final NDArray x12 = Linear.linear(h, weights.get(p + "mlp.w12.weight"), weights.get(p +
			"mlp.w12.bias")).singletonOrThrow();
		final NDArray x1 = x12.get(new NDIndex(":, :, 0:" + hidden));
		final NDArray x2 = x12.get(new NDIndex(":, :, " + hidden + ":"));
		final NDArray gated = x1.mul(Activation.sigmoid(x1)).mul(x2);
		return Linear.linear(gated, weights.get(p + "mlp.w3.weight"), weights.get(p + "mlp.w3.bias"))
			.singletonOrThrow();
	}

	/**
	 * Multi-head self-attention on (1, t, D) q, k, v; evaluated in chunks of query rows so that at
	 * most {@link #attentionChunkBytes} of scores exist at once. Returns (1, t, D) before the
	 * output projection.
	 */
	private NDArray attention(final NDArray q, final NDArray k, final NDArray v, final int layer,
		final boolean captureCls, final Map<Integer, float[]> attention, final BooleanSupplier cancelled)
	{
		final int heads = spec.numHeads();
		final int hd = spec.headDim();
		final int d = spec.embedDim();
		final long t = q.getShape().get(1);
		final float scale = (float) (1.0 / Math.sqrt(hd));
		final NDArray qh = q.reshape(t, heads, hd).transpose(1, 0, 2);
		final NDArray kt = k.reshape(t, heads, hd).transpose(1, 2, 0);
		final NDArray vh = v.reshape(t, heads, hd).transpose(1, 0, 2);
		final long rowsPerChunk = Math.max(1, Math.min(t, attentionChunkBytes / (4L * heads * t)));
		final NDList parts = new NDList();
		for (long r0 = 0; r0 < t; r0 += rowsPerChunk) {
			if (r0 > 0) checkCancelled(cancelled);
			final long r1 = Math.min(t, r0 + rowsPerChunk);
			final NDArray part;
			try (NDScope chunkScope = new NDScope()) {
				final NDArray qc = rowsPerChunk >= t ? qh : qh.get(new NDIndex(":, " + r0 + ":" + r1 + ", :"));
				final NDArray probs = qc.matMul(kt).mul(scale).softmax(-1);
				if (captureCls && r0 == 0) attention.put(layer, probs.get(new NDIndex(":, 0, :"))
					.toFloatArray());
				part = probs.matMul(vh);
				NDScope.unregister(part);
			}
			NDScope.register(part);
			parts.add(part);
		}
		final NDArray heads3 = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
		return heads3.transpose(1, 0, 2).reshape(1, t, d);
	}

	@Override
	public void close() {
		closed = true;
		manager.close();
	}
}
