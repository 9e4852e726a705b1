package sc.fiji.dinovit.vit;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one forward pass must capture: facets of chosen layers, the [CLS] attention rows of chosen
 * layers, and optionally the final LayerNorm output. Layers are 0-based block indices. The pass
 * stops after the deepest block any of these needs. Immutable; build with {@link #builder()}.
 */
public final class FeatureRequest {

	private final Map<Integer, Set<Facet>> facets;
	private final Set<Integer> attentionLayers;
	private final boolean finalNorm;

	private FeatureRequest(final Builder b) {
		final Map<Integer, Set<Facet>> f = new TreeMap<>();
		b.facets.forEach((layer, set) -> f.put(layer, Collections.unmodifiableSet(EnumSet.copyOf(set))));
		this.facets = Collections.unmodifiableMap(f);
		this.attentionLayers = Collections.unmodifiableSet(new TreeSet<>(b.attentionLayers));
		this.finalNorm = b.finalNorm;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Shortcut: one facet of one layer. */
	public static FeatureRequest of(final int layer, final Facet facet) {
		return builder().facet(layer, facet).build();
	}

	/** Layer to the facets captured there. */
	public Map<Integer, Set<Facet>> facets() {
		return facets;
	}

	public boolean wants(final int layer, final Facet facet) {
		final Set<Facet> s = facets.get(layer);
		return s != null && s.contains(facet);
	}

	/** Layers whose [CLS]-query attention rows are captured. */
	public Set<Integer> attentionLayers() {
		return attentionLayers;
	}

	/** Whether the output of the final LayerNorm (after the last block) is captured. */
	public boolean finalNorm() {
		return finalNorm;
	}

	/**
	 * The deepest block index this request needs, given the model depth (the final norm needs
	 * all blocks).
	 */
	public int deepestLayer(final int depth) {
		int deepest = finalNorm ? depth - 1 : -1;
		for (final int l : facets.keySet())
			deepest = Math.max(deepest, l);
		for (final int l : attentionLayers)
			deepest = Math.max(deepest, l);
		return deepest;
	}

	/** Checks every layer against the model depth, with a message naming the valid range. */
	public void validate(final int depth) {
		final Set<Integer> all = new TreeSet<>(facets.keySet());
		all.addAll(attentionLayers);
		for (final int l : all)
			if (l < 0 || l >= depth) throw new IllegalArgumentException("Layer " + l +
				" does not exist: this model has " + depth + " layers, numbered 0 to " + (depth - 1));
		if (all.isEmpty() && !finalNorm) throw new IllegalArgumentException(
			"Nothing requested: ask for at least one facet, attention layer or the final norm");
	}

	/** Builder; layers are 0-based. */
	public static final class Builder {
		private final Map<Integer, Set<Facet>> facets = new TreeMap<>();
		private final Set<Integer> attentionLayers = new TreeSet<>();
		private boolean finalNorm;

		public Builder facet(final int layer, final Facet... fs) {
			final Set<Facet> s = facets.computeIfAbsent(layer, l -> EnumSet.noneOf(Facet.class));
			Collections.addAll(s, fs);
			return this;
		}

		public Builder attention(final int layer) {
			attentionLayers.add(layer);
			return this;
		}

		public Builder finalNorm(final boolean yes) {
			finalNorm = yes;
			return this;
		}

		public FeatureRequest build() {
			return new FeatureRequest(this);
		}
	}
}
