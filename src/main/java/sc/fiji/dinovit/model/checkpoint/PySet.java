package sc.fiji.dinovit.model.checkpoint;

import java.util.AbstractSet;
import java.util.Iterator;

/** A Python set or frozenset from an unpickled file: insertion-ordered, guarded like {@link PyDict}. */
final class PySet extends AbstractSet<Object> {

	private final PyDict map = new PyDict();

	@Override
	public boolean add(final Object o) {
		return map.put(o, Boolean.TRUE) == null;
	}

	@Override
	public boolean contains(final Object o) {
		return map.containsKey(o);
	}

	@Override
	public Iterator<Object> iterator() {
		return map.keySet().iterator();
	}

	@Override
	public int size() {
		return map.size();
	}
}
