package sc.fiji.dinovit.vit;

import java.util.Locale;

/**
 * Which intermediate representation of a transformer block a descriptor is taken from.
 * Query, key and value are the block's qkv projection of LayerNorm1(block input); token is the
 * block's output (the residual stream, before any final norm).
 */
public enum Facet {
	QUERY, KEY, VALUE, TOKEN;

	/** Lower-case name as used in settings and macros ("key"). */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses "key", "Key", "KEY" ...; the message lists the valid names. */
	public static Facet parse(final String s) {
		for (final Facet f : values())
			if (f.name().equalsIgnoreCase(s == null ? "" : s.trim())) return f;
		throw new IllegalArgumentException("Unknown facet '" + s + "': use key, query, value or token");
	}

	/** Offset of this facet's rows in the qkv projection (0, 1, 2), or -1 for TOKEN. */
	int qkvIndex() {
		switch (this) {
			case QUERY: return 0;
			case KEY: return 1;
			case VALUE: return 2;
			default: return -1;
		}
	}
}
