package sc.fiji.dinovit.model.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.model.ModelSpec.Family;
import sc.fiji.dinovit.model.ModelSpec.MlpType;

/** A registry model refuses a file of another architecture stored under its id. */
class ExpectedArchitectureTest {

	private static final ModelRegistry REGISTRY = ModelRegistry.official();

	private static ModelSpec spec(final Family family, final int patch, final int dim, final int depth,
		final int registers)
	{
		final MlpType mlp = dim == 1536 && family == Family.DINO_V2 ? MlpType.SWIGLU : MlpType.MLP;
		return new ModelSpec(family, patch, dim, depth, dim / 64, mlp, 4 * dim, family == Family.DINO_V2,
			registers, family == Family.DINO_V2 ? 37 : 14);
	}

	@ParameterizedTest
	@CsvSource({
		"dino_vits8, DINO_V1, 8, 384, 12, 0", "dino_vits16, DINO_V1, 16, 384, 12, 0",
		"dino_vitb8, DINO_V1, 8, 768, 12, 0", "dino_vitb16, DINO_V1, 16, 768, 12, 0",
		"dinov2_vits14, DINO_V2, 14, 384, 12, 0", "dinov2_vits14_reg, DINO_V2, 14, 384, 12, 4",
		"dinov2_vitb14, DINO_V2, 14, 768, 12, 0", "dinov2_vitl14_reg, DINO_V2, 14, 1024, 24, 4",
		"dinov2_vitg14, DINO_V2, 14, 1536, 40, 0" })
	void everyOfficialModelAcceptsItsOwnArchitecture(final String id, final Family family, final int patch,
		final int dim, final int depth, final int registers)
	{
		final KnownModel m = REGISTRY.get(id);
		assertTrue(m.architecture().isPresent(), id);
		assertDoesNotThrow(() -> m.checkArchitecture(spec(family, patch, dim, depth, registers), Path.of(
			"x.pth")));
	}

	@Test
	void vitS16WeightsStoredAsVitS8AreRefusedNamingTheMismatchAndTheFix() {
		// Same file size, so the import's size check cannot tell them apart.
		final ModelStoreException e = assertThrows(ModelStoreException.class, () -> REGISTRY.get(
			"dino_vits8").checkArchitecture(spec(Family.DINO_V1, 16, 384, 12, 0), Path.of("/m/x.pth")));
		assertEquals(ModelStoreException.Reason.WRONG_ARCHITECTURE, e.reason());
		final String msg = e.getMessage();
		assertTrue(msg.contains("'dino_vits8'") && msg.contains("/m/x.pth"), msg);
		assertTrue(msg.contains("ViT-S/16") && msg.contains("DINO ViT-S/8"), msg);
		assertTrue(msg.contains("patch size 16 (expected 8)"), msg);
		assertTrue(msg.contains("action=remove") && msg.contains("dino_deitsmall8_pretrain.pth") &&
			msg.contains("model_file"), msg);
	}

	@Test
	void everyDifferenceIsNamed() {
		final ExpectedArchitecture reg = REGISTRY.get("dinov2_vitl14_reg").architecture().orElseThrow();
		assertEquals("family DINO_V1 (expected DINO_V2), patch size 8 (expected 14), embedding width 768 " +
				"(expected 1024), 12 blocks (expected 24), 0 register tokens (expected 4)", reg.mismatch(spec(
					Family.DINO_V1, 8, 768, 12, 0)).orElseThrow());
		assertEquals("0 register tokens (expected 4)", reg.mismatch(spec(Family.DINO_V2, 14, 1024, 24, 0))
			.orElseThrow());
	}

	@Test
	void modelsWithoutAnExpectationAcceptAnything() {
		final KnownModel custom = new KnownModel("custom", "Custom", Family.DINO_V1, java.net.URI.create(
			"http://127.0.0.1/x.pth"), "x.pth", 0);
		assertDoesNotThrow(() -> custom.checkArchitecture(spec(Family.DINO_V2, 14, 64, 2, 0), Path.of(
			"x.pth")));
	}
}
