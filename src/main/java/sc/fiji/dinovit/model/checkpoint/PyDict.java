package sc.fiji.dinovit.model.checkpoint;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python dict from an unpickled file: a {@link LinkedHashMap} (insertion order) that refuses
 * hash flooding. Distinct keys sharing one hash code make every insertion walk all of them, so
 * a hostile pickle with many of them would take quadratic time; more than
 * {@value #MAX_SAME_HASH} distinct keys with one hash code end the read instead.
 */
final class PyDict extends LinkedHashMap<Object, Object> {

	private static final long serialVersionUID = 1L;

	static final int MAX_SAME_HASH = 64;
	/** Below this size collisions cost nothing worth tracking. */
	private static final int TRACK_FROM = 32;

	private transient Map<Integer, Integer> sameHash;

	@Override
	public Object put(final Object key, final Object value) {
		if (size() >= TRACK_FROM && !containsKey(key)) countHash(key);
		return super.put(key, value);
	}

	private void countHash(final Object key) {
		if (sameHash == null) sameHash = new HashMap<>();
		if (sameHash.merge(key == null ? 0 : key.hashCode(), 1, Integer::sum) > MAX_SAME_HASH)
			throw new HashFloodException();
	}

	/** Thrown (unchecked, from put) when a dict or set is being flooded with colliding keys. */
	static final class HashFloodException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		HashFloodException() {
			super("more than " + MAX_SAME_HASH + " distinct dict keys or set elements share one " +
				"hash code, a denial-of-service pattern; the file is refused");
		}
	}
}
