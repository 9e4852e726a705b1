package sc.fiji.dinovit.model.checkpoint;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

	/**
	 * Hashable tuples compare by value. Each pair of nested tuples is compared once (a shared
	 * sub-tuple is not walked again for every path that reaches it, which would take exponential
	 * time on a DAG of tuples), and one comparison visits at most {@value #MAX_COMPARISONS} pairs.
	 *
	 * @throws ComparisonTooCostlyException when that budget is exceeded (a hostile pickle)
	 */
	@Override
	public boolean equals(final Object o) {
		if (this == o) return true;
		if (!(o instanceof PyTuple)) return false;
		return deepEquals(this, (PyTuple) o, new HashSet<>(), new int[1]);
	}

	static final int MAX_COMPARISONS = 100_000;

	/** Pair of tuples compared by identity. */
	private record Pair(PyTuple a, PyTuple b) {

		@Override
		public boolean equals(final Object o) {
			return o instanceof Pair p && p.a == a && p.b == b;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(a) * 31 + System.identityHashCode(b);
		}
	}

	private static boolean deepEquals(final PyTuple a, final PyTuple b, final Set<Pair> equal,
		final int[] visited)
	{
		if (a == b) return true;
		if (!a.hashable || !b.hashable || a.hash != b.hash || a.depth != b.depth ||
			a.items.length != b.items.length) return false;
		final Pair pair = new Pair(a, b);
		if (equal.contains(pair)) return true;
		if (++visited[0] > MAX_COMPARISONS) throw new ComparisonTooCostlyException();
		for (int i = 0; i < a.items.length; i++) {
			final Object x = a.items[i];
			final Object y = b.items[i];
			if (x instanceof PyTuple) {
				if (!(y instanceof PyTuple) || !deepEquals((PyTuple) x, (PyTuple) y, equal, visited))
					return false;
			}
			else if (!Objects.equals(x, y)) return false;
		}
		equal.add(pair);
		return true;
	}

	/** Thrown (unchecked, from equals) when comparing two tuples would take too long. */
	static final class ComparisonTooCostlyException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ComparisonTooCostlyException() {
			super("comparing two tuple keys visits more than " + MAX_COMPARISONS + " nested tuples, " +
				"a denial-of-service pattern; the file is refused");
		}
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
