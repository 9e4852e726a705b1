package sc.fiji.dinovit.model.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.dinovit.model.ModelSpec.Family;
import sc.fiji.dinovit.model.store.ModelStoreException.Reason;

class ModelStoreImportTest {

	@TempDir
	Path root;

	@TempDir
	Path downloads;

	private byte[] small;
	private byte[] base;
	private ModelStore store;

	@BeforeEach
	void setUp() {
		small = bytes(50_000, 1);
		base = bytes(120_000, 2);
		// No server: these models must never be fetched.
		final KnownModel s = new KnownModel("dino_vits8", "Test S/8", Family.DINO_V1, URI.create(
			"http://127.0.0.1:9/s.pth"), "dino_deitsmall8_pretrain.pth", small.length);
		final KnownModel b = new KnownModel("dinov2_vitb14_reg", "Test B/14 reg", Family.DINO_V2, URI
			.create("http://127.0.0.1:9/b.pth"), "dinov2_vitb14_reg4_pretrain.pth", base.length);
		store = ModelStore.builder().root(root).registry(ModelRegistry.of(List.of(s, b))).environment(
			Environment.of(Map.of(), Map.of())).build();
	}

	private static byte[] bytes(final int n, final long seed) {
		final byte[] b = new byte[n];
		new Random(seed).nextBytes(b);
		return b;
	}

	private Path file(final String name, final byte[] content) throws IOException {
		return Files.write(downloads.resolve(name), content);
	}

	private static ModelStoreException fails(final Reason reason,
		final ModelStoreDownloadTest.Executable call)
	{
		final ModelStoreException e = assertThrows(ModelStoreException.class, call::run);
		assertEquals(reason, e.reason(), e.getMessage());
		return e;
	}

	private List<String> filesIn(final String id) throws IOException {
		try (Stream<Path> s = Files.list(root.resolve(id))) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void importKnownModelRecordsItsHash() throws Exception {
		final Path source = file("anything.pth", small);
		final StoredModel m = store.importFile("dino_vits8", source);
		assertEquals(root.resolve("dino_vits8").resolve("dino_deitsmall8_pretrain.pth"), m.path());
		assertTrue(m.isKnown() && m.isPresent());
		assertEquals(small.length, m.sizeBytes());
		assertEquals(Sha256.of(small), m.sha256().orElseThrow());
		assertArrayEquals(small, Files.readAllBytes(store.resolve("dino_vits8")));
		assertTrue(Files.exists(source), "the source stays");
		assertEquals(List.of("dino_deitsmall8_pretrain.pth", "dino_deitsmall8_pretrain.pth.sha256",
			"dino_vits8.lock"), filesIn("dino_vits8"));
	}

	@Test
	void importByOfficialFileNameFindsTheKnownModel() throws Exception {
		final StoredModel m = store.importFile(file("dinov2_vitb14_reg4_pretrain.pth", base));
		assertEquals("dinov2_vitb14_reg", m.id());
		assertTrue(m.isKnown());
		assertArrayEquals(base, Files.readAllBytes(store.resolve("dinov2_vitb14_reg")));
	}

	@Test
	void importOfAWrongFileForAKnownModelIsRejected() throws Exception {
		final ModelStoreException e = fails(Reason.SIZE_MISMATCH, () -> store.importFile("dino_vits8",
			file("big.pth", bytes(500_000, 3))));
		assertTrue(e.getMessage().contains("different model"), e.getMessage());
		assertFalse(store.isPresent("dino_vits8"));
		assertEquals(List.of("dino_vits8.lock"), filesIn("dino_vits8"));
	}

	@Test
	void importCustomCheckpointUnderItsOwnId() throws Exception {
		final StoredModel m = store.importFile("my-finetune.v2", file("weights.SafeTensors", base));
		assertFalse(m.isKnown());
		assertEquals("my-finetune.v2.safetensors", m.path().getFileName().toString());
		assertArrayEquals(base, Files.readAllBytes(store.resolve("my-finetune.v2")));
	}

	@Test
	void importWithoutIdDerivesOneFromTheFileName() throws Exception {
		final StoredModel m = store.importFile(file("My Model (v2).pth", small));
		assertEquals("my_model_v2", m.id());
		assertEquals(m.path(), store.resolve("my_model_v2"));
	}

	@Test
	void reimportWithAnotherExtensionReplacesTheOldFile() throws Exception {
		store.importFile("custom", file("a.pth", small));
		store.importFile("custom", file("b.safetensors", base));
		assertEquals(List.of("custom.lock", "custom.safetensors", "custom.safetensors.sha256"), filesIn(
			"custom"));
		assertArrayEquals(base, Files.readAllBytes(store.resolve("custom")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bad/Id", "../escape", "a..b", "-dash", "with space", "nul", "" })
	void invalidCustomIdsAreRejected(final String id) throws Exception {
		final Path source = file("x.pth", small);
		fails(Reason.INVALID_ID, () -> store.importFile(id, source));
		try (Stream<Path> s = Files.list(root)) {
			assertEquals(0, s.count(), "nothing created");
		}
	}

	@Test
	void upperCaseIdGetsAHint() throws Exception {
		final ModelStoreException e = fails(Reason.INVALID_ID, () -> store.importFile("MyModel", file(
			"x.pth", small)));
		assertTrue(e.getMessage().contains("'mymodel'"), e.getMessage());
	}

	@Test
	void importOfAMissingFileNamesIt() throws Exception {
		final Path missing = downloads.resolve("nope.pth");
		final ModelStoreException e = fails(Reason.IO_ERROR, () -> store.importFile("dino_vits8",
			missing));
		assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
	}

	@Test
	void importCanBeCancelled() throws Exception {
		final Path source = file("x.pth", bytes(3_000_000, 4));
		fails(Reason.CANCELLED, () -> store.importFile("big_one", source, (done, total) -> done == 0));
		assertEquals(List.of("big_one.lock"), filesIn("big_one"));
	}

	@Test
	void modifiedCustomModelIsCorrupted() throws Exception {
		final StoredModel m = store.importFile("custom", file("c.pth", small));
		Files.write(m.path(), base);
		final ModelStoreException e = fails(Reason.CORRUPTED, () -> store.resolve("custom"));
		assertTrue(e.getMessage().contains("corrupted") && e.getMessage().contains("Import"), e
			.getMessage());
	}

	@Test
	void listShowsKnownModelsThenCustomOnes() throws Exception {
		List<StoredModel> list = store.list();
		assertEquals(List.of("dino_vits8", "dinov2_vitb14_reg"), list.stream().map(StoredModel::id)
			.collect(Collectors.toList()));
		assertTrue(list.stream().noneMatch(StoredModel::isPresent));

		store.importFile("dino_vits8", file("s.pth", small));
		store.importFile("zeta", file("z.pth", base));
		store.importFile("alpha", file("a.bin", small));
		list = store.list();
		assertEquals(List.of("dino_vits8", "dinov2_vitb14_reg", "alpha", "zeta"), list.stream().map(
			StoredModel::id).collect(Collectors.toList()));
		final StoredModel s = list.get(0);
		assertTrue(s.isPresent() && s.isKnown());
		assertEquals(small.length, s.sizeBytes());
		assertEquals(Sha256.of(small), s.sha256().orElseThrow());
		assertFalse(list.get(1).isPresent());
		assertEquals(0, list.get(1).sizeBytes());
		final StoredModel zeta = list.get(3);
		assertFalse(zeta.isKnown());
		assertEquals(Sha256.of(base), zeta.sha256().orElseThrow());
		assertEquals(root.resolve("zeta").resolve("zeta.pth"), zeta.path());
	}

	@Test
	void removeDeletesFileAndRecord() throws Exception {
		store.importFile("dino_vits8", file("s.pth", small));
		store.importFile("custom", file("c.pth", small));
		assertTrue(store.remove("dino_vits8"));
		assertTrue(store.remove("custom"));
		assertFalse(store.remove("custom"));
		assertFalse(store.remove("never_there"));
		assertEquals(List.of("dino_vits8.lock"), filesIn("dino_vits8"));
		fails(Reason.NOT_PRESENT, () -> store.resolve("dino_vits8"));
		final ModelStoreException e = fails(Reason.UNKNOWN_MODEL, () -> store.resolve("custom"));
		assertTrue(e.getMessage().contains("dino_vits8, dinov2_vitb14_reg"), e.getMessage());
		assertEquals(2, store.list().size());
	}

	@Test
	void unknownIdListsKnownAndImportedModels() throws Exception {
		store.importFile("mine", file("m.pth", small));
		final ModelStoreException e = fails(Reason.UNKNOWN_MODEL, () -> store.resolve("dino_vitz"));
		assertTrue(e.getMessage().contains("Known models: dino_vits8, dinov2_vitb14_reg"), e
			.getMessage());
		assertTrue(e.getMessage().contains("Imported models: mine"), e.getMessage());
	}
}
