package sc.fiji.dinovit.algorithms.crf;

import java.util.Arrays;

/**
 * Open-addressing hash table (linear probing) from integer lattice keys of fixed length to dense
 * indices 0, 1, 2, … in insertion order. Keys live in one flat int array; no boxing. Grows by
 * doubling at load factor 1/2. Not thread-safe; used only while a lattice is built.
 */
final class LatticePointTable {

	private static final int EMPTY = -1;

	private final int keyLength;
	private int[] keys;
	private int size;
	private int[] slots;
	private int mask;

	LatticePointTable(final int keyLength, final int expectedSize) {
		this.keyLength = keyLength;
		int capacity = 16;
		while (capacity < 2L * expectedSize && capacity < (1 << 30))
			capacity <<= 1;
		slots = new int[capacity];
		Arrays.fill(slots, EMPTY);
		mask = capacity - 1;
		keys = new int[Math.max(16, expectedSize) * keyLength];
	}

	/** The number of distinct keys inserted. */
	int size() {
		return size;
	}

	/** The index of the key, inserting it if absent. */
	int findOrInsert(final int[] key) {
		int slot = hash(key, 0) & mask;
		while (true) {
			final int index = slots[slot];
			if (index == EMPTY) break;
			if (equalsKey(index, key)) return index;
			slot = (slot + 1) & mask;
		}
		final int index = size++;
		if (keys.length < size * keyLength) keys = Arrays.copyOf(keys, Math.max(keys.length * 2, size *
			keyLength));
		System.arraycopy(key, 0, keys, index * keyLength, keyLength);
		slots[slot] = index;
		if (2L * size > slots.length) grow();
		return index;
	}

	/** The index of the key, or -1 if absent. */
	int find(final int[] key) {
		int slot = hash(key, 0) & mask;
		while (true) {
			final int index = slots[slot];
			if (index == EMPTY) return EMPTY;
			if (equalsKey(index, key)) return index;
			slot = (slot + 1) & mask;
		}
	}

	/** Copies key number {@code index} into {@code dst}. */
	void copyKey(final int index, final int[] dst) {
		System.arraycopy(keys, index * keyLength, dst, 0, keyLength);
	}

	private boolean equalsKey(final int index, final int[] key) {
		final int o = index * keyLength;
		for (int k = 0; k < keyLength; k++)
			if (keys[o + k] != key[k]) return false;
		return true;
	}

	private int hash(final int[] src, final int offset) {
		int h = 0;
		for (int k = 0; k < keyLength; k++)
			h = (h + src[offset + k]) * 0x9E3779B1;
		return h ^ (h >>> 16);
	}

	private void grow() {
		if (slots.length >= (1 << 30)) throw new IllegalStateException("Lattice hash table is full (" + size +
			" points)");
		final int[] bigger = new int[slots.length * 2];
		Arrays.fill(bigger, EMPTY);
		final int newMask = bigger.length - 1;
		for (int index = 0; index < size; index++) {
			int slot = hash(keys, index * keyLength) & newMask;
			while (bigger[slot] != EMPTY)
				slot = (slot + 1) & newMask;
			bigger[slot] = index;
		}
		slots = bigger;
		mask = newMask;
	}
}
