package sc.fiji.dinovit.model.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import sc.fiji.dinovit.model.store.ModelStoreException.Reason;

/**
 * The folder of model weights on this computer: downloads known models, imports local files,
 * verifies every file against the SHA-256 recorded when it was stored, lists and removes them.
 * <p>
 * <b>Layout.</b> Each model has its own folder {@code <root>/<id>/} holding the checkpoint (for
 * known models under its official file name, for custom imports as {@code <id><extension>}), its
 * checksum record {@code <file>.sha256} ({@code sha256sum} format), a lock file {@code <id>.lock}
 * and, only during a transfer, a temporary {@code <file>.part-<random>}.
 * <p>
 * <b>Atomicity.</b> Downloads and imports write the temporary file in the same folder, flush it
 * to disk, check it (Content-Length, exact size and SHA-256 when known, plausible size) and then
 * move it over the final name with {@code ATOMIC_MOVE} (plain replace only where the file system
 * cannot move atomically). A partial file is never visible under the final name; temporary files
 * left by a crash are deleted by the next download or import of that model. The checksum record is
 * removed before the move and written after it, so a crash in between leaves a file without a
 * record, which {@link #resolve} reports and a new download replaces.
 * <p>
 * <b>Threads and processes.</b> Instances are immutable and thread-safe. Downloads, imports and
 * removals of one model are serialized by a per-model lock shared by all stores in this JVM plus
 * an OS file lock on {@code <id>.lock} against other processes (e.g. a second Fiji). When several
 * threads download the same model at once, one fetches and the others wait, then find the verified
 * file and return it without a second request. Different models download in parallel. Reads
 * ({@link #resolve}, {@link #verify}, {@link #list}) take no lock; racing a re-download they may
 * briefly see a file without record and report {@link Reason#NOT_RECORDED}.
 * <p>
 * <b>Offline mode.</b> With {@code -Dai.djl.offline=true}, {@code -Ddino.offline=true} or the
 * environment variable {@code DJL_OFFLINE=true}, {@link #download} fails at once with
 * {@link Reason#OFFLINE} unless the model is already present and intact.
 */
public final class ModelStore {

	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
	/** How long a download waits for another download of the same model to finish. */
	public static final Duration DEFAULT_LOCK_WAIT = Duration.ofHours(2);

	private static final String LOCK_SUFFIX = ".lock";
	private static final long DISK_SPACE_MARGIN = 16L << 20;
	private static final int COPY_CHUNK = 1 << 20;

	private final Path root;
	private final String rootDescription;
	private final ModelRegistry registry;
	private final Environment environment;
	private final Duration connectTimeout;
	private final Duration readTimeout;
	private final Duration lockWait;

	private ModelStore(final Builder b) {
		this.environment = b.environment;
		if (b.root != null) {
			this.root = b.root.toAbsolutePath().normalize();
			this.rootDescription = root.toString();
		}
		else {
			final ModelCacheLocation location = ModelCacheLocation.resolve(environment);
			this.root = location.directory();
			this.rootDescription = location.describe();
		}
		this.registry = b.registry;
		this.connectTimeout = b.connectTimeout;
		this.readTimeout = b.readTimeout;
		this.lockWait = b.lockWait;
	}

	/** The official registry in the folder given by {@link ModelCacheLocation#resolve()}. */
	public static ModelStore openDefault() {
		return builder().build();
	}

	/** The official registry in the given folder. */
	public static ModelStore at(final Path root) {
		return builder().root(root).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Options for a {@link ModelStore}; every setting has a production default. */
	public static final class Builder {

		private Path root;
		private ModelRegistry registry = ModelRegistry.official();
		private Environment environment = Environment.system();
		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
		private Duration readTimeout = DEFAULT_READ_TIMEOUT;
		private Duration lockWait = DEFAULT_LOCK_WAIT;

		private Builder() {}

		/** The store folder; default: {@link ModelCacheLocation#resolve(Environment)}. */
		public Builder root(final Path folder) {
			this.root = Objects.requireNonNull(folder);
			return this;
		}

		/** Default: {@link ModelRegistry#official()}. Tests and mirrors pass another base URL. */
		public Builder registry(final ModelRegistry models) {
			this.registry = Objects.requireNonNull(models);
			return this;
		}

		/** Source of environment variables and system properties (folder, offline mode). */
		public Builder environment(final Environment env) {
			this.environment = Objects.requireNonNull(env);
			return this;
		}

		public Builder connectTimeout(final Duration timeout) {
			this.connectTimeout = positive(timeout);
			return this;
		}

		/** Longest silence while receiving data before a download fails. */
		public Builder readTimeout(final Duration timeout) {
			this.readTimeout = positive(timeout);
			return this;
		}

		/** How long to wait for another download or import of the same model. */
		public Builder lockWait(final Duration wait) {
			this.lockWait = Objects.requireNonNull(wait);
			return this;
		}

		public ModelStore build() {
			return new ModelStore(this);
		}

		private static Duration positive(final Duration d) {
			if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(
				"Timeout must be positive: " + d);
			return d;
		}
	}

	public Path root() {
		return root;
	}

	/** The folder and how it was chosen, e.g. "/x (from system property dino.models.dir)". */
	public String rootDescription() {
		return rootDescription;
	}

	public ModelRegistry registry() {
		return registry;
	}

	/** Whether downloads are disabled by {@code ai.djl.offline}, {@code dino.offline} or DJL_OFFLINE. */
	public boolean isOffline() {
		return offlineSetting(environment) != null;
	}

	/** Whether the given environment asks for offline mode. */
	public static boolean isOffline(final Environment env) {
		return offlineSetting(env) != null;
	}

	// -- reading --------------------------------------------------------------------------------

	/**
	 * The verified file of a model, ready to load. Hashes the whole file on every call (about 1-2 s
	 * per GB), so that a corrupted or modified file is never loaded.
	 *
	 * @throws ModelStoreException NOT_PRESENT (with how to download or import it), NOT_RECORDED,
	 *           CORRUPTED, UNKNOWN_MODEL, INVALID_ID or IO_ERROR
	 */
	public Path resolve(final String id) throws ModelStoreException {
		return verify(id).path();
	}

	/** Like {@link #resolve(String)}, returning the details of the verified model. */
	public StoredModel verify(final String id) throws ModelStoreException {
		final KnownModel known = checkId(id);
		final Path file = modelFile(id, known);
		if (file == null || !Files.isRegularFile(file)) {
			if (known == null) throw unknownModel(id);
			throw notPresent(known, file);
		}
		try {
			final String recorded = ChecksumRecord.read(file).orElseThrow(() -> notRecorded(id, file));
			final String actual = Sha256.of(file);
			if (!actual.equals(recorded)) throw corrupted(id, known, file, "its SHA-256 is " + actual +
				" but " + recorded + " was recorded when it was stored");
			final Optional<String> expected = known != null ? known.expectedSha256() : Optional.empty();
			if (expected.isPresent() && !expected.get().equals(actual)) throw corrupted(id, known, file,
				"its SHA-256 is " + actual + " but the official one is " + expected.get());
			return new StoredModel(id, file, true, Files.size(file), actual, known);
		}
		catch (final ModelStoreException e) {
			throw e;
		}
		catch (final IOException e) {
			throw ioError("Cannot read model file " + file + " ('" + id + "')", e);
		}
	}

	/** Whether the model's file exists (cheap; does not verify it). */
	public boolean isPresent(final String id) throws ModelStoreException {
		final Path file = modelFile(id, checkId(id));
		return file != null && Files.isRegularFile(file);
	}

	/**
	 * Every known model (present or not, registry order), then every imported custom model (by id).
	 * Reports recorded checksums without re-hashing.
	 */
	public List<StoredModel> list() throws ModelStoreException {
		final List<StoredModel> result = new ArrayList<>();
		for (final KnownModel m : registry.models())
			result.add(describe(m.id(), folderOf(m.id()).resolve(m.fileName()), m));
		if (!Files.isDirectory(root)) return result;
		final List<Path> folders = new ArrayList<>();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
			dirs.forEach(folders::add);
		}
		catch (final IOException e) {
			throw ioError("Cannot list the model folder " + rootDescription, e);
		}
		folders.sort(null);
		for (final Path folder : folders) {
			final String id = folder.getFileName().toString();
			if (registry.contains(id) || !ModelIds.isValid(id)) continue;
			final Path file = customModelFile(folder);
			if (file != null) result.add(describe(id, file, null));
		}
		return result;
	}

	// -- writing --------------------------------------------------------------------------------

	/**
	 * Makes sure a known model is present and intact, downloading it when it is missing, has no
	 * record or is corrupted, and returns its file. See the class comment for atomicity and
	 * concurrency; blocks while another thread or process downloads the same model.
	 *
	 * @param progress receives progress and can cancel (then nothing is kept)
	 * @throws ModelStoreException OFFLINE, HTTP_ERROR, NETWORK_ERROR, TIMEOUT, INCOMPLETE,
	 *           SIZE_MISMATCH, CHECKSUM_MISMATCH, CANCELLED, LOCKED, DISK_SPACE, IO_ERROR,
	 *           UNKNOWN_MODEL (also for custom ids: they have no download address)
	 */
	public Path download(final String id, final DownloadProgress progress)
		throws ModelStoreException
	{
		Objects.requireNonNull(progress, "progress (use DownloadProgress.NONE)");
		final KnownModel model = checkId(id);
		if (model == null) throw new ModelStoreException(Reason.UNKNOWN_MODEL, "Model '" + id +
			"' is not one of the downloadable models (" + String.join(", ", registry.ids()) +
			"). Use importFile to add your own checkpoint.");
		final Path folder = folderOf(id);
		final Path target = folder.resolve(model.fileName());
		if (isIntact(model, target)) return target;
		final String offline = offlineSetting(environment);
		if (offline != null) throw new ModelStoreException(Reason.OFFLINE, "Cannot download model '" +
			id + "': offline mode is on (" + offline + "). " + HttpDownload.offlineAdvice(id, model
				.url()) + " Or turn offline mode off.");
		createFolder(folder);
		try (ModelFolderLock lock = ModelFolderLock.acquire(folder.resolve(id + LOCK_SUFFIX),
			"model '" + id + "'", lockWait, progress))
		{
			if (isIntact(model, target)) return target; // another thread or process just fetched it
			deleteLeftovers(folder);
			final Path temp = createTemp(target);
			try {
				final HttpDownload.Result r = new HttpDownload(id, model.url(), connectTimeout,
					readTimeout).to(temp, progress, announced -> checkDiskSpace(folder, announced > 0
						? announced : model.approximateSizeBytes(), id));
				checkContent(model, r.bytes, r.sha256, "downloaded from " + model.url(),
					"The server sent something else; try again later or check the address. " +
						HttpDownload.importAdvice(id, model.url()));
				commit(temp, target, r.sha256);
				return target;
			}
			finally {
				AtomicFiles.deleteQuietly(temp);
			}
		}
	}

	/** {@link #importFile(String, Path, DownloadProgress)} without progress. */
	public StoredModel importFile(final String id, final Path localFile)
		throws ModelStoreException
	{
		return importFile(id, localFile, DownloadProgress.NONE);
	}

	/**
	 * Copies a local checkpoint into the store under {@code id} (replacing what was there) and
	 * records its SHA-256. A known id imports that model (e.g. a file downloaded on another
	 * machine), checked like a download; any other id must be a valid custom id. The copy is
	 * atomic like a download; the source is left untouched.
	 */
	public StoredModel importFile(final String id, final Path localFile,
		final DownloadProgress progress) throws ModelStoreException
	{
		Objects.requireNonNull(progress, "progress (use DownloadProgress.NONE)");
		final KnownModel known = checkId(id);
		if (!Files.isRegularFile(localFile)) throw new ModelStoreException(Reason.IO_ERROR,
			"Cannot import '" + id + "': " + localFile + " does not exist or is not a file.");
		final Path folder = folderOf(id);
		final Path target = folder.resolve(known != null ? known.fileName() : customFileName(id,
			localFile));
		createFolder(folder);
		try (ModelFolderLock lock = ModelFolderLock.acquire(folder.resolve(id + LOCK_SUFFIX),
			"model '" + id + "'", lockWait, progress))
		{
			deleteLeftovers(folder);
			final Path temp = createTemp(target);
			try {
				final HttpDownload.Result r = copy(localFile, temp, id, progress);
				if (known != null) checkContent(known, r.bytes, r.sha256, "in " + localFile,
					"Check that this is the right file for '" + id + "' (" + known.url() + ").");
				else if (r.bytes == 0) throw new ModelStoreException(Reason.SIZE_MISMATCH, "Cannot import " +
					localFile + " as '" + id + "': the file is empty.");
				commit(temp, target, r.sha256);
				if (known == null) deleteOtherModelFiles(folder, target);
				return new StoredModel(id, target, true, r.bytes, r.sha256, known);
			}
			catch (final IOException e) {
				if (e instanceof ModelStoreException) throw (ModelStoreException) e;
				throw ioError("Cannot import " + localFile + " as '" + id + "'", e);
			}
			finally {
				AtomicFiles.deleteQuietly(temp);
			}
		}
	}

	/**
	 * Imports a local checkpoint under an id taken from its name: the known model whose official
	 * file name it has (e.g. dinov2_vits14_pretrain.pth), else the file name without extension,
	 * lower-cased, other characters replaced by '_' (e.g. "My Model.pth" -> "my_model").
	 */
	public StoredModel importFile(final Path localFile) throws ModelStoreException {
		final Path name = localFile.getFileName();
		if (name == null) throw new ModelStoreException(Reason.IO_ERROR, "Cannot import " + localFile +
			": not a file.");
		final String fileName = name.toString();
		final String id = registry.findByFileName(fileName).map(KnownModel::id).orElseGet(
			() -> ModelIds.fromFileName(fileName));
		return importFile(id, localFile);
	}

	/**
	 * Deletes a model's file, checksum record and temporary files (waiting for a running download of
	 * it). The small lock file stays.
	 *
	 * @return whether a model file was deleted
	 */
	public boolean remove(final String id) throws ModelStoreException {
		final KnownModel known = checkId(id);
		final Path folder = folderOf(id);
		if (!Files.isDirectory(folder)) return false;
		try (ModelFolderLock lock = ModelFolderLock.acquire(folder.resolve(id + LOCK_SUFFIX),
			"model '" + id + "'", lockWait, DownloadProgress.NONE))
		{
			boolean removed = false;
			final List<Path> files = new ArrayList<>();
			if (known != null) files.add(folder.resolve(known.fileName()));
			else files.addAll(modelFilesIn(folder));
			for (final Path f : files) {
				removed |= Files.deleteIfExists(f);
				ChecksumRecord.delete(f);
			}
			AtomicFiles.deleteLeftoverTemps(folder);
			return removed;
		}
		catch (final IOException e) {
			if (e instanceof ModelStoreException) throw (ModelStoreException) e;
			throw ioError("Cannot remove model '" + id + "' from " + folder, e);
		}
	}

	// -- internals ------------------------------------------------------------------------------

	private Path folderOf(final String id) {
		return root.resolve(id);
	}

	/** @return the registry entry, or null for a valid custom id */
	private KnownModel checkId(final String id) throws ModelStoreException {
		Objects.requireNonNull(id, "id");
		final Optional<KnownModel> known = registry.find(id);
		if (known.isPresent()) return known.get();
		final String problem = ModelIds.problem(id);
		if (problem != null) throw new ModelStoreException(Reason.INVALID_ID, problem +
			" Known models: " + String.join(", ", registry.ids()) + ".");
		return null;
	}

	/** The model's file path, or null for a custom id without a file. */
	private Path modelFile(final String id, final KnownModel known) throws ModelStoreException {
		if (known != null) return folderOf(id).resolve(known.fileName());
		return customModelFile(folderOf(id));
	}

	private Path customModelFile(final Path folder) throws ModelStoreException {
		final List<Path> files = modelFilesIn(folder);
		for (final Path f : files)
			if (Files.exists(ChecksumRecord.sidecarOf(f))) return f;
		return files.isEmpty() ? null : files.get(0);
	}

	/** Regular files of a model folder other than records, locks and temporaries, sorted. */
	private List<Path> modelFilesIn(final Path folder) throws ModelStoreException {
		final List<Path> files = new ArrayList<>();
		if (!Files.isDirectory(folder)) return files;
		try (DirectoryStream<Path> all = Files.newDirectoryStream(folder, Files::isRegularFile)) {
			for (final Path f : all) {
				final String n = f.getFileName().toString();
				if (!n.endsWith(ChecksumRecord.SUFFIX) && !n.endsWith(LOCK_SUFFIX) && !AtomicFiles.isTemp(
					f)) files.add(f);
			}
		}
		catch (final IOException e) {
			throw ioError("Cannot list " + folder, e);
		}
		files.sort(null);
		return files;
	}

	private static String customFileName(final String id, final Path source) {
		final String name = source.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		final String ext = dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
		final String candidate = id + ext;
		return ext.matches("\\.[a-z0-9]{1,12}") && ModelIds.isSafeFileName(candidate) ? candidate : id;
	}

	private void deleteOtherModelFiles(final Path folder, final Path keep) throws IOException {
		for (final Path f : modelFilesIn(folder)) {
			if (f.equals(keep)) continue;
			Files.deleteIfExists(f);
			ChecksumRecord.delete(f);
		}
	}

	private StoredModel describe(final String id, final Path file, final KnownModel known) {
		if (!Files.isRegularFile(file)) return new StoredModel(id, file, false, 0, null, known);
		long size;
		String sha;
		try {
			size = Files.size(file);
		}
		catch (final IOException e) {
			size = 0;
		}
		try {
			sha = ChecksumRecord.read(file).orElse(null);
		}
		catch (final IOException e) {
			sha = null;
		}
		return new StoredModel(id, file, true, size, sha, known);
	}

	/** Present, recorded, and its hash matches the record (and the official hash when known). */
	private static boolean isIntact(final KnownModel model, final Path file) {
		if (!Files.isRegularFile(file)) return false;
		try {
			final Optional<String> recorded = ChecksumRecord.read(file);
			if (recorded.isEmpty()) return false;
			if (model.expectedSha256().isPresent() && !model.expectedSha256().equals(recorded))
				return false;
			return recorded.get().equals(Sha256.of(file));
		}
		catch (final IOException e) {
			return false;
		}
	}

	private static void checkContent(final KnownModel model, final long bytes, final String sha,
		final String where, final String advice) throws ModelStoreException
	{
		final String what = "Model '" + model.id() + "' " + where;
		if (model.expectedSizeBytes().isPresent() && bytes != model.expectedSizeBytes().getAsLong())
			throw new ModelStoreException(Reason.SIZE_MISMATCH, what + " has " + bytes +
				" bytes, but exactly " + model.expectedSizeBytes().getAsLong() +
				" are expected; it was not stored. " + advice);
		final long approx = model.approximateSizeBytes();
		if (bytes == 0 || approx > 0 && (bytes < approx / 2 || bytes / 2 > approx))
			throw new ModelStoreException(Reason.SIZE_MISMATCH, what + " has " + bytes +
				" bytes, far from the expected " + humanSize(approx) +
				": it is an error page or a different model, and was not stored. " + advice);
		if (model.expectedSha256().isPresent() && !model.expectedSha256().get().equals(sha))
			throw new ModelStoreException(Reason.CHECKSUM_MISMATCH, what + " has SHA-256 " + sha +
				" but " + model.expectedSha256().get() + " is expected; it was not stored. " + advice);
	}

	private void commit(final Path temp, final Path target, final String sha)
		throws ModelStoreException
	{
		try {
			ChecksumRecord.delete(target);
			AtomicFiles.moveIntoPlace(temp, target);
			ChecksumRecord.write(target, sha);
		}
		catch (final IOException e) {
			throw ioError("Cannot move the new file into place at " + target +
				" (if another program has the old file open, close it and try again)", e);
		}
	}

	private HttpDownload.Result copy(final Path source, final Path temp, final String id,
		final DownloadProgress progress) throws IOException
	{
		final long total = Files.size(source);
		checkDiskSpace(temp.getParent(), total, id);
		final MessageDigest digest = Sha256.newDigest();
		final byte[] buffer = new byte[COPY_CHUNK];
		long done = 0;
		try (InputStream in = Files.newInputStream(source); FileChannel out = FileChannel.open(temp,
			StandardOpenOption.WRITE))
		{
			for (int n; checkNotCancelled(progress, done, total, id) && (n = in.read(buffer)) >= 0;) {
				final ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
				while (b.hasRemaining())
					out.write(b);
				digest.update(buffer, 0, n);
				done += n;
			}
			out.force(true);
		}
		return new HttpDownload.Result(done, Sha256.hex(digest));
	}

	private static boolean checkNotCancelled(final DownloadProgress progress, final long done,
		final long total, final String id) throws ModelStoreException
	{
		if (!progress.update(done, total) || Thread.currentThread().isInterrupted())
			throw new ModelStoreException(Reason.CANCELLED, "Import of '" + id + "' was cancelled after " +
				done + " bytes; nothing was kept.");
		return true;
	}

	private void checkDiskSpace(final Path folder, final long bytes, final String id)
		throws ModelStoreException
	{
		if (bytes <= 0) return;
		final long usable;
		try {
			usable = Files.getFileStore(folder).getUsableSpace();
		}
		catch (final IOException e) {
			return; // unknown; the write itself will fail if space runs out
		}
		if (usable > 0 && usable < bytes + DISK_SPACE_MARGIN) throw new ModelStoreException(
			Reason.DISK_SPACE, "Not enough disk space for model '" + id + "' (" + humanSize(bytes) +
				") in " + folder + ": " + humanSize(usable) + " free. Free some space or choose another model folder with -D" +
				ModelCacheLocation.PROPERTY + "=<folder> or " + ModelCacheLocation.ENV_VARIABLE + ".");
	}

	private void createFolder(final Path folder) throws ModelStoreException {
		try {
			Files.createDirectories(folder);
		}
		catch (final IOException e) {
			throw ioError("Cannot create the model folder " + folder + " (store: " + rootDescription +
				"). Make it writable or choose another with -D" + ModelCacheLocation.PROPERTY +
				"=<folder> or " + ModelCacheLocation.ENV_VARIABLE, e);
		}
	}

	private static Path createTemp(final Path target) throws ModelStoreException {
		try {
			return AtomicFiles.createTempSibling(target);
		}
		catch (final IOException e) {
			throw ioError("Cannot create a temporary file next to " + target, e);
		}
	}

	private static void deleteLeftovers(final Path folder) throws ModelStoreException {
		try {
			AtomicFiles.deleteLeftoverTemps(folder);
		}
		catch (final IOException e) {
			throw ioError("Cannot delete old temporary files in " + folder, e);
		}
	}

	private static String offlineSetting(final Environment env) {
		for (final String p : new String[] { "ai.djl.offline", "dino.offline" })
			if ("true".equalsIgnoreCase(env.property(p))) return "system property " + p + "=true";
		if ("true".equalsIgnoreCase(env.variable("DJL_OFFLINE")))
			return "environment variable DJL_OFFLINE=true";
		return null;
	}

	private ModelStoreException unknownModel(final String id) {
		final List<String> custom = new ArrayList<>();
		try {
			for (final StoredModel m : list())
				if (!m.isKnown()) custom.add(m.id());
		}
		catch (final ModelStoreException e) {
			// the list is only a hint
		}
		return new ModelStoreException(Reason.UNKNOWN_MODEL, "Unknown model '" + id +
			"'. Known models: " + String.join(", ", registry.ids()) + ". Imported models: " + (custom
				.isEmpty() ? "none" : String.join(", ", custom)) +
			". To use your own checkpoint, import it under an id of your choice.");
	}

	private ModelStoreException notPresent(final KnownModel m, final Path file) {
		return new ModelStoreException(Reason.NOT_PRESENT, "Model '" + m.id() + "' (" + m
			.displayName() + ", about " + humanSize(m.approximateSizeBytes()) +
			") has not been downloaded yet; expected at " + file + " (model folder " +
			rootDescription + "). Download it (ModelStore.download fetches " + m.url() + "). " +
			HttpDownload.offlineAdvice(m.id(), m.url()));
	}

	private static ModelStoreException notRecorded(final String id, final Path file) {
		return new ModelStoreException(Reason.NOT_RECORDED, "Model file " + file + " ('" + id +
			"') has no checksum record (" + ChecksumRecord.sidecarOf(file).getFileName() +
			"), so it cannot be verified: it was copied there by hand or a transfer was interrupted. Import it (ModelStore.importFile) to record its checksum, or download it again.");
	}

	private static ModelStoreException corrupted(final String id, final KnownModel known,
		final Path file, final String detail)
	{
		return new ModelStoreException(Reason.CORRUPTED, "Model file " + file + " ('" + id +
			"') is corrupted or was modified after it was stored: " + detail + ". " + (known != null
				? "Download it again (ModelStore.download replaces it)"
				: "Import the original checkpoint again (ModelStore.importFile)") +
			" or remove it (ModelStore.remove).");
	}

	private static ModelStoreException ioError(final String what, final IOException e) {
		return new ModelStoreException(Reason.IO_ERROR, what + ": " + e, e);
	}

	static String humanSize(final long bytes) {
		if (bytes <= 0) return "unknown size";
		if (bytes >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
		if (bytes >= 1_000_000L) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
		if (bytes >= 1_000L) return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
		return bytes + " bytes";
	}
}
