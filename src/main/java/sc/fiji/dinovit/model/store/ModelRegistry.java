package sc.fiji.dinovit.model.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import sc.fiji.dinovit.model.ModelSpec.Family;

/**
 * The models the store can download. Immutable and thread-safe.
 * <p>
 * {@link #official()} lists the DINO v1 backbones (dino_vits8, dino_vits16, dino_vitb8,
 * dino_vitb16) and the DINOv2 backbones (dinov2_vit{s,b,l,g}14, each also with registers as
 * {@code ..._reg}) at their official addresses under {@value #OFFICIAL_BASE}. Tests and mirrors use
 * {@link #official(URI)} with another base, which keeps the paths below it.
 * <p>
 * Sizes: no official sizes are published. dino_vits8 uses the 86,728,949 bytes another project's
 * registry lists for that file; the others are float32 payloads computed from the tensor shapes plus
 * an estimated 48 KB (DINO) or 60 KB (DINOv2) of zip/pickle overhead. They are approximate.
 */
public final class ModelRegistry {

	/** The model used when none is chosen. */
	public static final String DEFAULT_ID = "dino_vits8";

	/** The official download host (facebookresearch/dino and dinov2 READMEs and hub code). */
	public static final String OFFICIAL_BASE = "https://dl.fbaipublicfiles.com/";

	private static final long DINO_OVERHEAD = 48_000;
	private static final long DINOV2_OVERHEAD = 60_000;

	private static final ModelRegistry OFFICIAL = official(URI.create(OFFICIAL_BASE));

	private final Map<String, KnownModel> models;

	private ModelRegistry(final Collection<KnownModel> models) {
		final Map<String, KnownModel> map = new LinkedHashMap<>();
		for (final KnownModel m : models)
			if (map.put(m.id(), m) != null) throw new IllegalArgumentException("Duplicate model id: " + m
				.id());
		this.models = Collections.unmodifiableMap(map);
	}

	/** The official models at the official addresses. */
	public static ModelRegistry official() {
		return OFFICIAL;
	}

	/**
	 * The official models with every address moved under another base, e.g. {@code
	 * http://127.0.0.1:8080/} gives {@code http://127.0.0.1:8080/dino/dino_deitsmall8_pretrain/...}.
	 */
	public static ModelRegistry official(final URI base) {
		final URI root = base.toString().endsWith("/") ? base : URI.create(base + "/");
		final List<KnownModel> list = new ArrayList<>();
		list.add(dino(root, "dino_vits8", "DINO ViT-S/8", "dino_deitsmall8_pretrain", 86_728_949L, 8, 384));
		list.add(dino(root, "dino_vits16", "DINO ViT-S/16", "dino_deitsmall16_pretrain", 86_662_656L +
			DINO_OVERHEAD, 16, 384));
		list.add(dino(root, "dino_vitb8", "DINO ViT-B/8", "dino_vitbase8_pretrain", 343_231_488L +
			DINO_OVERHEAD, 8, 768));
		list.add(dino(root, "dino_vitb16", "DINO ViT-B/16", "dino_vitbase16_pretrain", 343_194_624L +
			DINO_OVERHEAD, 16, 768));
		addDinov2(list, root, "s", "ViT-S/14", 22_056_576L, 384, 12);
		addDinov2(list, root, "b", "ViT-B/14", 86_580_480L, 768, 12);
		addDinov2(list, root, "l", "ViT-L/14", 304_368_640L, 1024, 24);
		addDinov2(list, root, "g", "ViT-g/14", 1_136_480_768L, 1536, 40);
		return new ModelRegistry(list);
	}

	/** A registry of exactly these models (in this order). */
	public static ModelRegistry of(final Collection<KnownModel> models) {
		return new ModelRegistry(models);
	}

	/** @throws IllegalArgumentException naming the valid ids when the id is not in this registry */
	public KnownModel get(final String id) {
		final KnownModel m = models.get(id);
		if (m == null) throw new IllegalArgumentException("Unknown model '" + id + "'. Known models: " +
			String.join(", ", models.keySet()) + ".");
		return m;
	}

	public Optional<KnownModel> find(final String id) {
		return Optional.ofNullable(models.get(id));
	}

	public boolean contains(final String id) {
		return models.containsKey(id);
	}

	/** The model whose official file name is this one (e.g. dino_deitsmall8_pretrain.pth). */
	public Optional<KnownModel> findByFileName(final String fileName) {
		return models.values().stream().filter(m -> m.fileName().equals(fileName)).findFirst();
	}

	/** All models, in registry order. */
	public List<KnownModel> models() {
		return List.copyOf(models.values());
	}

	/** All ids, in registry order. */
	public List<String> ids() {
		return List.copyOf(models.keySet());
	}

	/** {@value #DEFAULT_ID} when present, else the first model. */
	public KnownModel defaultModel() {
		final KnownModel m = models.get(DEFAULT_ID);
		if (m != null) return m;
		if (models.isEmpty()) throw new IllegalStateException("The model registry is empty");
		return models.values().iterator().next();
	}

	private static KnownModel dino(final URI root, final String id, final String name,
		final String stem, final long size, final int patch, final int embedDim)
	{
		final String file = stem + ".pth";
		return new KnownModel(id, name, Family.DINO_V1, root.resolve("dino/" + stem + "/" + file), file,
			size).withArchitecture(new ExpectedArchitecture(Family.DINO_V1, patch, embedDim, 12, 0));
	}

	private static void addDinov2(final List<KnownModel> list, final URI root, final String size,
		final String arch, final long params, final int embedDim, final int depth)
	{
		final String base = "dinov2_vit" + size + "14";
		final long bytes = 4 * params + DINOV2_OVERHEAD;
		list.add(new KnownModel(base, "DINOv2 " + arch, Family.DINO_V2, root.resolve("dinov2/" + base +
			"/" + base + "_pretrain.pth"), base + "_pretrain.pth", bytes).withArchitecture(
				new ExpectedArchitecture(Family.DINO_V2, 14, embedDim, depth, 0)));
		// reg4 checkpoints add the (1, 4, D) register_tokens tensor.
		list.add(new KnownModel(base + "_reg", "DINOv2 " + arch + " with registers", Family.DINO_V2,
			root.resolve("dinov2/" + base + "/" + base + "_reg4_pretrain.pth"), base +
				"_reg4_pretrain.pth", bytes + 4L * 4 * embedDim).withArchitecture(
					new ExpectedArchitecture(Family.DINO_V2, 14, embedDim, depth, 4)));
	}
}
