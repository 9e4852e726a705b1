package sc.fiji.dinovit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.dinovit.model.SyntheticCheckpoints.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.dinovit.model.checkpoint.Checkpoint;
import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

class ModelWeightsLoaderTest {

	static Stream<ModelSpec> tinySpecs() {
		return KeyMapperTest.tinySpecs();
	}

	@ParameterizedTest
	@MethodSource("tinySpecs")
	void everySchemeLoadsToTheSameSpecAndNames(final ModelSpec spec) throws ModelFormatException {
		final Map<String, TensorData> official = official(spec, 11);
		final List<Map<String, TensorData>> renderings = List.of(official, huggingFace(official, spec, ""),
			timm(official, spec));
		final List<String> expectedNames = new ArrayList<>(CanonicalLayout.expectedShapes(spec).keySet());
		for (final Map<String, TensorData> rendering : renderings) {
			final ModelWeights w = ModelWeightsLoader.load(rendering, "tiny.pth");
			assertEquals(spec, w.spec());
			assertEquals(expectedNames, new ArrayList<>(w.tensors().keySet()));
			assertTrue(w.sourceDescription().startsWith("'tiny.pth' ("), w.sourceDescription());
		}
	}

	@Test
	void sourceDescriptionNamesFileAndScheme() throws ModelFormatException {
		final ModelWeights w = ModelWeightsLoader.load(new Checkpoint(Path.of("/models/dinov2-tiny.safetensors"),
			Checkpoint.Format.SAFETENSORS, huggingFace(official(V2_P14_REG, 12), V2_P14_REG, "")));
		assertEquals("'/models/dinov2-tiny.safetensors' (Hugging Face transformers names)", w
			.sourceDescription());
	}

	@Test
	void fullSizeOfficialVitS8Loads() throws ModelFormatException {
		final ModelWeights w = ModelWeightsLoader.load(zeroFilled(CanonicalLayout.expectedShapes(
			ModelSpecInferenceTest.VIT_S8)), "dino_deitsmall8_pretrain.pth");
		assertEquals(ModelSpecInferenceTest.VIT_S8, w.spec());
		assertEquals(150, w.tensors().size());
	}

	@Test
	void fullSizeTimmGiantReg4Loads() throws ModelFormatException {
		// timm layout: fc1/fc2 packed SwiGLU, reg_token, pos_embed without class row, no mask_token
		final Map<String, TensorShape> timmShapes = new LinkedHashMap<>();
		CanonicalLayout.expectedShapes(ModelSpecInferenceTest.DINOV2_G14_REG4).forEach((k, v) -> {
			if (k.equals("register_tokens")) timmShapes.put("reg_token", v);
			else if (k.equals("pos_embed")) timmShapes.put(k, TensorShape.of(1, 1369, 1536));
			else timmShapes.put(k.replace(".mlp.w12.", ".mlp.fc1.").replace(".mlp.w3.", ".mlp.fc2."), v);
		});
		final ModelWeights w = ModelWeightsLoader.load(zeroFilled(timmShapes),
			"vit_giant_patch14_reg4_dinov2.safetensors");
		assertEquals(ModelSpecInferenceTest.DINOV2_G14_REG4, w.spec());
		assertArrayEquals(new long[] { 1, 1370, 1536 }, w.get("pos_embed").shape());
		assertArrayEquals(new long[] { 8192, 1536 }, w.get("blocks.39.mlp.w12.weight").shape());
		assertTrue(w.sourceDescription().contains("timm"), w.sourceDescription());
	}

	@Test
	void supervisedHuggingFaceVitDropsItsClassifier() throws ModelFormatException {
		final Map<String, TensorData> hf = huggingFace(official(V1_P8, 13), V1_P8, "vit.");
		final Random r = new Random(1);
		hf.put("classifier.weight", randomF32("classifier.weight", TensorShape.of(1000, 128), r));
		hf.put("classifier.bias", randomF32("classifier.bias", TensorShape.of(1000), r));
		assertEquals(V1_P8, ModelWeightsLoader.load(hf, "vit-supervised.bin").spec());
	}

	@Test
	void missingUnexpectedAndMisshapedTensorsAreAllListed() {
		final Map<String, TensorData> official = official(V2_P14, 14);
		final Random r = new Random(2);
		official.remove("blocks.1.norm2.bias");
		official.remove("blocks.2.ls1.gamma");
		official.put("blocks.0.attn.extra.weight", randomF32("blocks.0.attn.extra.weight", TensorShape.of(4,
			4), r));
		official.put("blocks.0.attn.qkv.weight", randomF32("blocks.0.attn.qkv.weight", TensorShape.of(383,
			128), r));
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(
			official, "broken.pth"));
		final String m = e.getMessage();
		assertContains(m, "'broken.pth' (official DINO/DINOv2 names)");
		assertContains(m, "2 missing, 1 unexpected, 1 mis-shaped");
		assertContains(m, "missing: blocks.1.norm2.bias (expected (128))");
		assertContains(m, "missing: blocks.2.ls1.gamma (expected (128))");
		assertContains(m, "unexpected: blocks.0.attn.extra.weight (found (4, 4))");
		assertContains(m, "wrong shape: blocks.0.attn.qkv.weight expected (384, 128), found (383, 128)");
		assertContains(m, "download");
		assertEquals(2, e.mismatch().missing().size());
	}

	@Test
	void incompleteHuggingFaceQkvIsReportedUnderHuggingFaceNames() {
		final Map<String, TensorData> hf = huggingFace(official(V2_P14, 15), V2_P14, "dinov2.");
		hf.remove("dinov2.encoder.layer.1.attention.attention.value.bias");
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(
			hf, "model.safetensors"));
		assertContains(e.getMessage(), "(Hugging Face transformers names)");
		assertContains(e.getMessage(), "missing: blocks.1.attn.qkv.bias (expected (384))");
		assertContains(e.getMessage(), "unexpected: dinov2.encoder.layer.1.attention.attention.query.bias");
		assertContains(e.getMessage(), "unexpected: dinov2.encoder.layer.1.attention.attention.key.bias");
	}

	@Test
	void integerWeightsAreRefused() {
		final Map<String, TensorData> official = official(V1_P8, 16);
		official.put("norm.bias", new TensorData("norm.bias", new long[] { 128 }, DType.I32, ByteBuffer
			.allocate(128 * 4)));
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(
			official, "int.pth"));
		assertContains(e.getMessage(), "not floating point: norm.bias has type I32");
	}

	@Test
	void unrecognisableFilesAreNamedWithTheirFirstKeys() {
		final Map<String, TensorData> resnet = new LinkedHashMap<>();
		final Random r = new Random(3);
		for (int i = 0; i < 12; i++)
			resnet.put("layer" + i + ".conv.weight", randomF32("layer" + i + ".conv.weight", TensorShape.of(
				2, 2), r));
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(
			resnet, "resnet50.pth"));
		assertContains(e.getMessage(), "'resnet50.pth'");
		assertContains(e.getMessage(), "does not look like a DINO/DINOv2 ViT: found keys [layer0.conv.weight");
		assertContains(e.getMessage(), "layer9.conv.weight, ...] (12 tensors)");
	}

	@Test
	void inferenceProblemsNameTheFile() {
		final Map<String, TensorData> official = official(V1_P8, 17);
		official.remove("pos_embed");
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(
			official, "nopos.pth"));
		assertContains(e.getMessage(), "Cannot infer the architecture of checkpoint 'nopos.pth'");
		assertContains(e.getMessage(), "pos_embed is missing");
	}

	@Test
	void timmGlobalPoolModelWithoutNormIsMissingNorm() {
		final Map<String, TensorData> timm = timm(official(V2_P14, 18), V2_P14);
		timm.put("fc_norm.weight", timm.remove("norm.weight").renamed("fc_norm.weight"));
		timm.put("fc_norm.bias", timm.remove("norm.bias").renamed("fc_norm.bias"));
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelWeightsLoader.load(
			timm, "gap.safetensors"));
		assertContains(e.getMessage(), "(timm names)");
		assertContains(e.getMessage(), "missing: norm.weight (expected (128))");
		assertContains(e.getMessage(), "missing: norm.bias (expected (128))");
	}

	private static void assertContains(final String message, final String part) {
		assertTrue(message.contains(part), () -> "expected '" + part + "' in:\n" + message);
	}
}
