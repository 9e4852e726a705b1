package sc.fiji.dinovit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.dinovit.model.SyntheticCheckpoints.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Checkpoints of the wrong architecture or naming (issue 5): each ends in a
 * {@link ModelFormatException} whose message names the file and the mismatch. Complements
 * {@link ModelWeightsLoaderTest} (missing / unexpected / mis-shaped listing, generic non-ViT
 * keys, integer weights) without repeating it.
 */
class WrongArchitectureTest {

	/**
	 * The weights of a wider model (D = 128, "ViT-B") under the stem of a narrower one (D = 64,
	 * "ViT-S"): the architecture is taken from the stem, and every block tensor is named as
	 * mis-shaped with both shapes.
	 */
	@Test
	void wideBlocksUnderANarrowStemAreNamedAsMisShaped() {
		final Map<String, TensorData> wide = official(V1_P8, 21);
		final ModelSpec narrowSpec = new ModelSpec(ModelSpec.Family.DINO_V1, 8, 64, 2, 1,
			ModelSpec.MlpType.MLP, 256, false, 0, 4);
		final Map<String, TensorData> narrow = official(narrowSpec, 22);
		for (final String stem : new String[] { "patch_embed.proj.weight", "patch_embed.proj.bias",
			"cls_token", "pos_embed" })
			wide.put(stem, narrow.get(stem));
		final String m = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(wide,
			"vitb8-as-vits8.pth")).getMessage();
		assertContains(m, "'vitb8-as-vits8.pth'");
		assertContains(m, "does not fit the architecture its tensors suggest, ViT-D64/8");
		assertContains(m, "0 missing, 0 unexpected, 24 mis-shaped");
		assertContains(m, "wrong shape: blocks.0.attn.qkv.weight expected (192, 64), found (384, 128)");
		assertContains(m, "wrong shape: norm.weight expected (64), found (128)");
	}

	/** A real ResNet-50 state dict (torchvision names): not a ViT, and its keys are shown. */
	@Test
	void resNetStateDictIsNamedAsNotAVit() {
		final Random r = new Random(4);
		final Map<String, TensorData> resnet = new LinkedHashMap<>();
		resnet.put("conv1.weight", randomF32("conv1.weight", TensorShape.of(64, 3, 7, 7), r));
		for (final String bn : new String[] { "weight", "bias", "running_mean", "running_var" })
			resnet.put("bn1." + bn, randomF32("bn1." + bn, TensorShape.of(64), r));
		resnet.put("layer1.0.conv1.weight", randomF32("layer1.0.conv1.weight", TensorShape.of(64, 64, 1,
			1), r));
		resnet.put("fc.weight", randomF32("fc.weight", TensorShape.of(1000, 2048), r));
		resnet.put("fc.bias", randomF32("fc.bias", TensorShape.of(1000), r));
		final String m = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(resnet,
			"dino_resnet50_pretrain.pth")).getMessage();
		assertContains(m, "'dino_resnet50_pretrain.pth'");
		assertContains(m, "does not look like a DINO/DINOv2 ViT: found keys [conv1.weight, bn1.weight");
		assertContains(m, "(8 tensors)");
	}

	/** A whole block missing in the middle: the gap is named, through the loader, with the file. */
	@Test
	void missingMiddleBlockIsNamed() {
		final Map<String, TensorData> official = official(V2_P14, 23);
		official.keySet().removeIf(k -> k.startsWith("blocks.1."));
		final String m = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(official,
			"partial.pth")).getMessage();
		assertContains(m, "Cannot infer the architecture of checkpoint 'partial.pth'");
		assertContains(m, "Transformer blocks [1] are missing between blocks 0 and 2");
	}

	/** The last block only half there (a truncated export): its missing tensors are listed. */
	@Test
	void halfALastBlockIsListedAsMissing() {
		final Map<String, TensorData> official = official(V2_P14, 24);
		official.keySet().removeIf(k -> k.startsWith("blocks.2.mlp.") || k.startsWith("blocks.2.ls2."));
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader
			.load(official, "cut.pth"));
		assertContains(e.getMessage(), "'cut.pth'");
		assertContains(e.getMessage(), "missing: blocks.2.mlp.fc2.weight (expected (128, 512))");
		assertContains(e.getMessage(), "missing: blocks.2.ls2.gamma (expected (128))");
		assertEquals(5, e.mismatch().missing().size());
	}

	/** DINOv2 with registers whose register tokens have the wrong width, official and HF names. */
	@Test
	void misSizedRegisterTokensAreNamed() {
		final Random r = new Random(5);
		final Map<String, TensorData> official = official(V2_P14_REG, 25);
		official.put("register_tokens", randomF32("register_tokens", TensorShape.of(1, 4, 96), r));
		String m = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(official,
			"reg.pth")).getMessage();
		assertContains(m, "'reg.pth' (official DINO/DINOv2 names)");
		assertContains(m, "wrong shape: register_tokens expected (1, 4, 128), found (1, 4, 96)");

		final Map<String, TensorData> hf = huggingFace(official(V2_P14_REG, 26), V2_P14_REG,
			"dinov2_with_registers.");
		hf.put("dinov2_with_registers.embeddings.register_tokens", randomF32("register_tokens",
			TensorShape.of(4, 128), r));
		m = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(hf,
			"model.safetensors")).getMessage();
		assertContains(m, "'model.safetensors' (Hugging Face transformers names)");
		assertContains(m, "register_tokens has shape (4, 128); expected (1, R, D) with R registers");
	}

	/** Register tokens wider than the model's width, where inference itself succeeds. */
	@Test
	void registerTokensOfAnotherModelAreNamed() {
		final Random r = new Random(6);
		final Map<String, TensorData> official = official(V2_P14, 27);
		official.put("register_tokens", randomF32("register_tokens", TensorShape.of(1, 4, 256), r));
		final String m = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(official,
			"reg4.pth")).getMessage();
		assertContains(m, "'reg4.pth'");
		assertContains(m, "wrong shape: register_tokens expected (1, 4, 128), found (1, 4, 256)");
	}

	private static void assertContains(final String message, final String part) {
		assertTrue(message.contains(part), () -> "expected '" + part + "' in:\n" + message);
	}
}
