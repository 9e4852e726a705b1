/**
 * Where DINO / DINOv2 weights live on disk: the registry of official checkpoints
 * ({@link sc.fiji.dinovit.model.store.ModelRegistry}, {@link sc.fiji.dinovit.model.store.KnownModel}),
 * the choice of folder ({@link sc.fiji.dinovit.model.store.ModelCacheLocation}), and the store that
 * downloads, imports, verifies, lists and removes them
 * ({@link sc.fiji.dinovit.model.store.ModelStore}). Pure Java (java.net, java.nio): no ImageJ, AWT
 * or SciJava types, so it runs headless and in tests.
 * <p>
 * Typical use: {@code Path weights = ModelStore.openDefault().resolve("dino_vits8");} and, when
 * that fails with {@code NOT_PRESENT}, {@code download(id, progress)} (or {@code importFile} on a
 * computer without internet access).
 */
package sc.fiji.dinovit.model.store;
