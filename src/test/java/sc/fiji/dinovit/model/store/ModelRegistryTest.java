package sc.fiji.dinovit.model.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.dinovit.model.ModelSpec.Family;

class ModelRegistryTest {

	private final ModelRegistry official = ModelRegistry.official();

	@Test
	void officialIdsAndDefault() {
		assertEquals(List.of("dino_vits8", "dino_vits16", "dino_vitb8", "dino_vitb16", "dinov2_vits14",
			"dinov2_vits14_reg", "dinov2_vitb14", "dinov2_vitb14_reg", "dinov2_vitl14",
			"dinov2_vitl14_reg", "dinov2_vitg14", "dinov2_vitg14_reg"), official.ids());
		assertEquals("dino_vits8", official.defaultModel().id());
		assertEquals(ModelRegistry.DEFAULT_ID, official.defaultModel().id());
	}

	@ParameterizedTest
	@CsvSource({
		"dino_vits8, dino/dino_deitsmall8_pretrain/dino_deitsmall8_pretrain.pth",
		"dino_vits16, dino/dino_deitsmall16_pretrain/dino_deitsmall16_pretrain.pth",
		"dino_vitb8, dino/dino_vitbase8_pretrain/dino_vitbase8_pretrain.pth",
		"dino_vitb16, dino/dino_vitbase16_pretrain/dino_vitbase16_pretrain.pth",
		"dinov2_vits14, dinov2/dinov2_vits14/dinov2_vits14_pretrain.pth",
		"dinov2_vits14_reg, dinov2/dinov2_vits14/dinov2_vits14_reg4_pretrain.pth",
		"dinov2_vitb14_reg, dinov2/dinov2_vitb14/dinov2_vitb14_reg4_pretrain.pth",
		"dinov2_vitl14, dinov2/dinov2_vitl14/dinov2_vitl14_pretrain.pth",
		"dinov2_vitg14_reg, dinov2/dinov2_vitg14/dinov2_vitg14_reg4_pretrain.pth" })
	void officialUrlsAndFileNames(final String id, final String path) {
		final KnownModel m = official.get(id);
		assertEquals(URI.create("https://dl.fbaipublicfiles.com/" + path), m.url());
		assertEquals(path.substring(path.lastIndexOf('/') + 1), m.fileName());
		assertEquals(id.startsWith("dinov2") ? Family.DINO_V2 : Family.DINO_V1, m.family());
		assertTrue(m.expectedSha256().isEmpty(), "no official checksums are published");
		assertTrue(m.expectedSizeBytes().isEmpty());
	}

	@Test
	void approximateSizes() {
		assertEquals(86_728_949L, official.get("dino_vits8").approximateSizeBytes());
		final long vitg = official.get("dinov2_vitg14").approximateSizeBytes();
		assertTrue(vitg > 4_540_000_000L && vitg < 4_560_000_000L, "ViT-g ~4.55 GB: " + vitg);
		assertTrue(official.get("dinov2_vits14_reg").approximateSizeBytes() > official.get(
			"dinov2_vits14").approximateSizeBytes());
		final long s14 = official.get("dinov2_vits14").approximateSizeBytes();
		assertTrue(s14 > 88_000_000L && s14 < 88_400_000L, "ViT-S/14 ~88.2 MB: " + s14);
		for (final KnownModel m : official.models())
			assertTrue(m.approximateSizeBytes() > 80_000_000L, m.id());
	}

	@Test
	void unknownIdErrorListsValidIds() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> official
			.get("dino_vits32"));
		assertTrue(e.getMessage().contains("dino_vits32") && e.getMessage().contains(
			"dino_vits8, dino_vits16"), e.getMessage());
		assertFalse(official.find("dino_vits32").isPresent());
	}

	@Test
	void customBaseUrlKeepsPaths() {
		final ModelRegistry local = ModelRegistry.official(URI.create("http://127.0.0.1:8123/mirror"));
		assertEquals(URI.create(
			"http://127.0.0.1:8123/mirror/dinov2/dinov2_vits14/dinov2_vits14_reg4_pretrain.pth"), local
				.get("dinov2_vits14_reg").url());
		assertEquals(official.ids(), local.ids());
	}

	@Test
	void findByFileName() {
		assertEquals("dinov2_vitl14_reg", official.findByFileName("dinov2_vitl14_reg4_pretrain.pth")
			.orElseThrow().id());
		assertTrue(official.findByFileName("other.pth").isEmpty());
	}

	@Test
	void knownModelValidation() {
		final KnownModel m = official.get("dino_vits8");
		assertThrows(IllegalArgumentException.class, () -> m.withExpectedSha256("abc"));
		assertEquals("ab".repeat(32), m.withExpectedSha256("AB".repeat(32)).expectedSha256()
			.orElseThrow());
		assertThrows(IllegalArgumentException.class, () -> new KnownModel("Bad Id", "x",
			Family.DINO_V1, URI.create("http://x/"), "f.pth", 0));
		assertThrows(IllegalArgumentException.class, () -> new KnownModel("ok", "x", Family.DINO_V1,
			URI.create("http://x/"), "../f.pth", 0));
		assertThrows(IllegalArgumentException.class, () -> ModelRegistry.of(List.of(m, m)));
	}

	@ParameterizedTest
	@CsvSource({ "My Model (v2).pth, my_model_v2", "weights.safetensors, weights",
		"CON.pth, model_con", "...pth, model", "a..b.pth, a.b", "dino_vits8.pth, dino_vits8" })
	void idsFromFileNames(final String fileName, final String id) {
		assertEquals(id, ModelIds.fromFileName(fileName));
		assertTrue(ModelIds.isValid(id));
	}
}
