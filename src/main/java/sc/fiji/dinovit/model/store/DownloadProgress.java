package sc.fiji.dinovit.model.store;

/**
 * Receives download (and import) progress and can cancel it.
 * <p>
 * Called on the downloading thread, at the start with {@code bytesDone = 0} and then after every
 * chunk; {@code bytesDone} never decreases within one transfer. While the store waits for another
 * download of the same model (in this or another process) it calls {@code update(0, -1)} about
 * five times a second, so waiting can be cancelled too. Implementations should be quick (throttle
 * UI updates themselves).
 */
@FunctionalInterface
public interface DownloadProgress {

	/** Ignores progress and never cancels. */
	DownloadProgress NONE = (done, total) -> true;

	/**
	 * @param bytesDone bytes received (or copied) so far
	 * @param totalBytes total size when the server announced it, else -1
	 * @return {@code true} to go on, {@code false} to cancel: the transfer stops, its temporary
	 *         file is deleted and the call fails with {@link ModelStoreException.Reason#CANCELLED}
	 */
	boolean update(long bytesDone, long totalBytes);
}
