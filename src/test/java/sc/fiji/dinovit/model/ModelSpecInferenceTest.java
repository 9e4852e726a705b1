package sc.fiji.dinovit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.dinovit.model.ModelSpec.Family;
import sc.fiji.dinovit.model.ModelSpec.MlpType;

class ModelSpecInferenceTest {

	static final ModelSpec VIT_S8 = new ModelSpec(Family.DINO_V1, 8, 384, 12, 6, MlpType.MLP, 1536,
		false, 0, 28);
	static final ModelSpec VIT_B16 = new ModelSpec(Family.DINO_V1, 16, 768, 12, 12, MlpType.MLP, 3072,
		false, 0, 14);
	static final ModelSpec DINOV2_S14 = new ModelSpec(Family.DINO_V2, 14, 384, 12, 6, MlpType.MLP,
		1536, true, 0, 37);
	static final ModelSpec DINOV2_S14_REG4 = new ModelSpec(Family.DINO_V2, 14, 384, 12, 6, MlpType.MLP,
		1536, true, 4, 37);
	static final ModelSpec DINOV2_L14 = new ModelSpec(Family.DINO_V2, 14, 1024, 24, 16, MlpType.MLP,
		4096, true, 0, 37);
	static final ModelSpec DINOV2_G14 = new ModelSpec(Family.DINO_V2, 14, 1536, 40, 24, MlpType.SWIGLU,
		4096, true, 0, 37);
	static final ModelSpec DINOV2_G14_REG4 = new ModelSpec(Family.DINO_V2, 14, 1536, 40, 24,
		MlpType.SWIGLU, 4096, true, 4, 37);

	static Stream<ModelSpec> realSpecs() {
		return Stream.of(VIT_S8, VIT_B16, DINOV2_S14, DINOV2_S14_REG4, DINOV2_L14, DINOV2_G14,
			DINOV2_G14_REG4, SyntheticCheckpoints.V1_P8, SyntheticCheckpoints.V2_SWIGLU_REG);
	}

	@ParameterizedTest
	@MethodSource("realSpecs")
	void infersTheSpecFromItsLayout(final ModelSpec spec) throws ModelFormatException {
		assertEquals(spec, ModelSpecInference.infer(CanonicalLayout.expectedShapes(spec)));
	}

	/** Section 1.4 of the weights reference, typed out. */
	@Test
	void vitS8LayoutIsTheOfficialOne() throws ModelFormatException {
		final Map<String, TensorShape> doc = new LinkedHashMap<>();
		doc.put("cls_token", TensorShape.of(1, 1, 384));
		doc.put("pos_embed", TensorShape.of(1, 785, 384));
		doc.put("patch_embed.proj.weight", TensorShape.of(384, 3, 8, 8));
		doc.put("patch_embed.proj.bias", TensorShape.of(384));
		for (int i = 0; i < 12; i++) {
			doc.put("blocks." + i + ".norm1.weight", TensorShape.of(384));
			doc.put("blocks." + i + ".norm1.bias", TensorShape.of(384));
			doc.put("blocks." + i + ".attn.qkv.weight", TensorShape.of(1152, 384));
			doc.put("blocks." + i + ".attn.qkv.bias", TensorShape.of(1152));
			doc.put("blocks." + i + ".attn.proj.weight", TensorShape.of(384, 384));
			doc.put("blocks." + i + ".attn.proj.bias", TensorShape.of(384));
			doc.put("blocks." + i + ".norm2.weight", TensorShape.of(384));
			doc.put("blocks." + i + ".norm2.bias", TensorShape.of(384));
			doc.put("blocks." + i + ".mlp.fc1.weight", TensorShape.of(1536, 384));
			doc.put("blocks." + i + ".mlp.fc1.bias", TensorShape.of(1536));
			doc.put("blocks." + i + ".mlp.fc2.weight", TensorShape.of(384, 1536));
			doc.put("blocks." + i + ".mlp.fc2.bias", TensorShape.of(384));
		}
		doc.put("norm.weight", TensorShape.of(384));
		doc.put("norm.bias", TensorShape.of(384));
		assertEquals(150, doc.size());
		assertEquals(doc, CanonicalLayout.expectedShapes(VIT_S8));
		assertEquals(VIT_S8, ModelSpecInference.infer(doc));
		assertEquals("ViT-S/8 (DINO v1, 12 layers)", VIT_S8.describe());
	}

	@Test
	void dinov2LayoutsMatchTheReferenceCounts() {
		// 175 tensors in the file including mask_token; reg4 adds register_tokens
		assertEquals(174, CanonicalLayout.expectedShapes(DINOV2_S14).size());
		final Map<String, TensorShape> reg = CanonicalLayout.expectedShapes(DINOV2_S14_REG4);
		assertEquals(175, reg.size());
		assertEquals(TensorShape.of(1, 4, 384), reg.get("register_tokens"));
		assertEquals(TensorShape.of(1, 1370, 384), reg.get("pos_embed"));
		assertEquals(TensorShape.of(384), reg.get("blocks.11.ls2.gamma"));
		final Map<String, TensorShape> g = CanonicalLayout.expectedShapes(DINOV2_G14);
		assertEquals(TensorShape.of(8192, 1536), g.get("blocks.39.mlp.w12.weight"));
		assertEquals(TensorShape.of(8192), g.get("blocks.39.mlp.w12.bias"));
		assertEquals(TensorShape.of(1536, 4096), g.get("blocks.39.mlp.w3.weight"));
		long params = 0;
		for (final TensorShape s : g.values())
			params += s.numel();
		assertEquals(1_136_480_768L - 1536, params); // reference count includes mask_token (1, D)
	}

	@Test
	void patch14WithoutLayerScaleIsStillDinov2() throws ModelFormatException {
		final ModelSpec noLs = new ModelSpec(Family.DINO_V2, 14, 128, 2, 2, MlpType.MLP, 512, false, 0, 3);
		assertEquals(noLs, ModelSpecInference.infer(CanonicalLayout.expectedShapes(noLs)));
	}

	@Test
	void gapsInBlockIndicesAreNamed() {
		final Map<String, TensorShape> shapes = layout(SyntheticCheckpoints.V2_P14);
		shapes.keySet().removeIf(k -> k.startsWith("blocks.1."));
		assertMessage(shapes, "Transformer blocks [1] are missing");
	}

	@Test
	void nonSquarePatchesAreRefused() {
		final Map<String, TensorShape> shapes = layout(SyntheticCheckpoints.V1_P8);
		shapes.put("patch_embed.proj.weight", TensorShape.of(128, 3, 8, 16));
		assertMessage(shapes, "not square");
	}

	@Test
	void posEmbedMustBeClassRowPlusSquareGrid() {
		final Map<String, TensorShape> shapes = layout(SyntheticCheckpoints.V1_P8);
		shapes.put("pos_embed", TensorShape.of(1, 20, 128));
		assertMessage(shapes, "19 patch rows after the class row is not a square grid");
	}

	@Test
	void widthMustBeAMultipleOfTheHeadDim() {
		final Map<String, TensorShape> shapes = layout(SyntheticCheckpoints.V1_P8);
		shapes.put("patch_embed.proj.weight", TensorShape.of(100, 3, 8, 8));
		assertMessage(shapes, "Embedding dimension 100 is not a multiple of the head dimension 64");
	}

	@Test
	void missingPatchEmbeddingIsNamed() {
		final Map<String, TensorShape> shapes = layout(SyntheticCheckpoints.V1_P8);
		shapes.remove("patch_embed.proj.weight");
		assertMessage(shapes, "patch_embed.proj.weight is missing");
	}

	@Test
	void feedForwardMustBeRecognisable() {
		final Map<String, TensorShape> shapes = layout(SyntheticCheckpoints.V1_P8);
		shapes.remove("blocks.0.mlp.fc1.weight");
		assertMessage(shapes, "Block 0 has neither blocks.0.mlp.fc1.weight (MLP) nor blocks.0.mlp.w12.weight");
	}

	private static Map<String, TensorShape> layout(final ModelSpec spec) {
		return new LinkedHashMap<>(CanonicalLayout.expectedShapes(spec));
	}

	private static void assertMessage(final Map<String, TensorShape> shapes, final String expected) {
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelSpecInference
			.infer(shapes));
		assertTrue(e.getMessage().contains(expected), e.getMessage());
	}
}
