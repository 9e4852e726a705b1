package sc.fiji.dinovit.model.checkpoint;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable Python tuple produced by the {@link RestrictedUnpickler}.
 * <p>
 * A tuple is "hashable" (may be a dict key or set element) only when it holds nothing but
 * strings, numbers, booleans, None and hashable tuples; its hash code is then computed once at
 * construction from the already computed hashes of its items, so hashing and comparing never
 * recurse deeper than {@link #depth()}, which the unpickler bounds. Unhashable tuples compare by
 * identity, so a cyclic structure reached through a list inside a tuple is never walked.
 */
final class PyTuple {

	static final PyTuple EMPTY = new PyTuple(new Object[0]);

	private final Object[] items;
	private final boolean hashable;
	private final int hash;
	private final int depth;

	PyTuple(final Object[] items) {
		this.items = items;
		boolean h = true;
		int d = 0;
		for (final Object o : items) {
			if (o instanceof PyTuple) {
				final PyTuple t = (PyTuple) o;
				d = Math.max(d, t.depth);
				h &= t.hashable;
			}
			else h &= isHashableAtom(o);
		}
		this.depth = d + 1;
		this.hashable = h;
		this.hash = h ? Arrays.hashCode(items) : System.identityHashCode(this);
	}

	static PyTuple of(final Object... items) {
		return new PyTuple(items.clone());
	}

	/** Strings, integers, floats, booleans, None: the immutable scalars a dict key may be. */
	static boolean isHashableAtom(final Object o) {
		return o instanceof String || o instanceof Long || o instanceof BigInteger ||
			o instanceof Double || o instanceof Boolean || o == PyNone.NONE;
	}

	/** Whether {@code o} may be used as a dict key or set element. */
	static boolean isHashable(final Object o) {
		return isHashableAtom(o) || o instanceof PyTuple && ((PyTuple) o).hashable;
	}

	int size() {
		return items.length;
	}

	Object get(final int i) {
		return items[i];
	}

	List<Object> items() {
		return Collections.unmodifiableList(Arrays.asList(items));
	}

	/** 1 for a tuple of scalars, 1 + the deepest nested tuple otherwise. */
	int depth() {
		return depth;
	}

	@Override
	public boolean equals(final Object o) {
		if (this == o) return true;
		if (!(o instanceof PyTuple)) return false;
		final PyTuple t = (PyTuple) o;
		return hashable && t.hashable && hash == t.hash && Arrays.equals(items, t.items);
	}

	@Override
	public int hashCode() {
		return hash;
	}

	@Override
	public String toString() {
		return "tuple of " + items.length;
	}
}
