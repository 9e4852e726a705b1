package sc.fiji.dinovit.model.checkpoint;

/**
 * A torch storage named by a pickle's persistent id
 * {@code ('storage', storage_type, key, location, numel)}: the bytes live in the archive record
 * {@code <prefix>/data/<key>}.
 *
 * @param key record name under {@code data/}
 * @param dtype element type of a typed storage, or null for an untyped (byte) storage
 * @param numel declared number of elements (bytes for an untyped storage)
 * @param location device the storage was saved from, e.g. {@code cpu} or {@code cuda:0}
 */
record TorchStorageRef(String key, DType dtype, long numel, String location) {

	/** Declared size in bytes (overflow-checked by the creator). */
	long byteSize() {
		return dtype == null ? numel : numel * dtype.byteSize();
	}
}
