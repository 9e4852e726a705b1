package sc.fiji.dinovit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.dinovit.model.SyntheticCheckpoints.*;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

class KeyMapperTest {

	static Stream<ModelSpec> tinySpecs() {
		return Stream.of(V1_P8, V2_P14, V2_P14_REG, V2_SWIGLU, V2_SWIGLU_REG);
	}

	static Stream<ModelSpec> tinySpecsWithoutTimmPosConversion() {
		return tinySpecs().filter(s -> s.numRegisterTokens() == 0);
	}

	@ParameterizedTest
	@MethodSource("tinySpecs")
	void officialNamesAreCanonicalMinusMaskToken(final ModelSpec spec) {
		final Map<String, TensorData> official = official(spec, 1);
		final CanonicalTensors c = KeyMapper.toCanonical(official);
		assertEquals(NamingScheme.OFFICIAL, c.scheme());
		assertEquals(CanonicalLayout.expectedShapes(spec).keySet(), c.tensors().keySet());
		assertEquals(spec.family() == ModelSpec.Family.DINO_V2 ? List.of("mask_token") : List.of(),
			c.droppedNames());
		assertSameBytes(official, c.tensors());
	}

	@ParameterizedTest
	@MethodSource("tinySpecs")
	void huggingFaceMapsToTheOfficialTensorsByteForByte(final ModelSpec spec) {
		final Map<String, TensorData> official = official(spec, 2);
		for (final String prefix : List.of("", spec.family() == ModelSpec.Family.DINO_V1 ? "vit." : "dinov2.")) {
			final CanonicalTensors c = KeyMapper.toCanonical(huggingFace(official, spec, prefix));
			assertEquals(NamingScheme.HUGGING_FACE, c.scheme());
			assertEquals(CanonicalLayout.expectedShapes(spec).keySet(), c.tensors().keySet());
			assertSameBytes(official, c.tensors());
		}
	}

	@ParameterizedTest
	@MethodSource("tinySpecsWithoutTimmPosConversion")
	void timmMapsToTheOfficialTensorsByteForByte(final ModelSpec spec) {
		final Map<String, TensorData> official = official(spec, 3);
		final CanonicalTensors c = KeyMapper.toCanonical(timm(official, spec));
		// timm DINO v1 names are the official ones; DINOv2 lacks the mask token
		assertEquals(spec.family() == ModelSpec.Family.DINO_V1 ? NamingScheme.OFFICIAL : NamingScheme.TIMM,
			c.scheme());
		assertEquals(CanonicalLayout.expectedShapes(spec).keySet(), c.tensors().keySet());
		assertSameBytes(official, c.tensors());
	}

	@ParameterizedTest
	@MethodSource("tinySpecs")
	void timmReg4PosEmbedGetsAZeroClassRowAndKeepsTheFoldedClsToken(final ModelSpec spec) {
		if (spec.numRegisterTokens() == 0) return;
		final Map<String, TensorData> official = official(spec, 4);
		final Map<String, TensorData> timm = timm(official, spec);
		assertEquals(spec.posGridSize() * spec.posGridSize(), timm.get("pos_embed").dim(1));
		final CanonicalTensors c = KeyMapper.toCanonical(timm);
		assertEquals(NamingScheme.TIMM, c.scheme());
		assertEquals(CanonicalLayout.expectedShapes(spec).keySet(), c.tensors().keySet());

		final TensorData pos = c.tensors().get("pos_embed");
		assertArrayEquals(official.get("pos_embed").shape(), pos.shape());
		final long d = spec.embedDim();
		assertArrayEquals(new float[(int) d], rows(flat(pos), "row0", 0, 1).toFloatArray());
		assertEquals(rows(flat(official.get("pos_embed")), "p", 1, pos.dim(1) - 1).bytes(), rows(flat(pos),
			"p", 1, pos.dim(1) - 1).bytes());
		// [CLS] + zero row = timm's cls = official cls + official pos row 0
		assertEquals(timm.get("cls_token").bytes(), c.tensors().get("cls_token").bytes());
		final float[] expectedCls = clsPlusPosRow0(official.get("cls_token"), official.get("pos_embed"))
			.toFloatArray();
		assertArrayEquals(expectedCls, c.tensors().get("cls_token").toFloatArray());

		final Map<String, TensorData> others = new LinkedHashMap<>(c.tensors());
		others.remove("pos_embed");
		others.remove("cls_token");
		assertSameBytes(official, others);
	}

	@Test
	void huggingFaceVitHeadsPoolerAndMaskTokenAreDropped() {
		final Map<String, TensorData> hf = huggingFace(official(V1_P8, 5), V1_P8, "vit.");
		final Random r = new Random(0);
		hf.put("vit.pooler.dense.weight", randomF32("vit.pooler.dense.weight", TensorShape.of(128, 128), r));
		hf.put("vit.pooler.dense.bias", randomF32("vit.pooler.dense.bias", TensorShape.of(128), r));
		hf.put("classifier.weight", randomF32("classifier.weight", TensorShape.of(10, 128), r));
		hf.put("classifier.bias", randomF32("classifier.bias", TensorShape.of(10), r));
		hf.put("vit.embeddings.position_ids", new TensorData("vit.embeddings.position_ids", new long[] { 1,
			17 }, DType.I64, ByteBuffer.allocate(17 * 8)));
		final CanonicalTensors c = KeyMapper.toCanonical(hf);
		assertEquals(CanonicalLayout.expectedShapes(V1_P8).keySet(), c.tensors().keySet());
		assertEquals(List.of("vit.pooler.dense.weight", "vit.pooler.dense.bias", "classifier.weight",
			"classifier.bias", "vit.embeddings.position_ids"), c.droppedNames());

		final CanonicalTensors v2 = KeyMapper.toCanonical(huggingFace(official(V2_P14, 5), V2_P14, ""));
		assertEquals(List.of("embeddings.mask_token"), v2.droppedNames());
	}

	@Test
	void huggingFaceWithIncompleteQkvKeepsThePartsUnderTheirOwnNames() {
		final Map<String, TensorData> hf = huggingFace(official(V2_P14, 6), V2_P14, "");
		hf.remove("encoder.layer.1.attention.attention.value.weight");
		final CanonicalTensors c = KeyMapper.toCanonical(hf);
		assertFalse(c.tensors().containsKey("blocks.1.attn.qkv.weight"));
		assertTrue(c.tensors().containsKey("encoder.layer.1.attention.attention.query.weight"));
		assertTrue(c.tensors().containsKey("encoder.layer.1.attention.attention.key.weight"));
		assertTrue(c.tensors().containsKey("blocks.1.attn.qkv.bias"));
	}

	@Test
	void timmHeadAndFcNormAreDropped() {
		final Map<String, TensorData> timm = timm(official(V2_P14, 7), V2_P14);
		final Random r = new Random(0);
		timm.put("fc_norm.weight", randomF32("fc_norm.weight", TensorShape.of(128), r));
		timm.put("head.weight", randomF32("head.weight", TensorShape.of(10, 128), r));
		final CanonicalTensors c = KeyMapper.toCanonical(timm);
		assertEquals(NamingScheme.TIMM, c.scheme());
		assertEquals(List.of("fc_norm.weight", "head.weight"), c.droppedNames());
		assertEquals(CanonicalLayout.expectedShapes(V2_P14).keySet(), c.tensors().keySet());
	}

	@Test
	void wrapperPrefixesAreStrippedWhenEveryKeyHasThem() {
		final Map<String, TensorData> official = official(V1_P8, 8);
		final Map<String, TensorData> wrapped = new LinkedHashMap<>();
		official.forEach((k, v) -> wrapped.put("module.backbone." + k, v.renamed("module.backbone." + k)));
		final CanonicalTensors c = KeyMapper.toCanonical(wrapped);
		assertEquals(CanonicalLayout.expectedShapes(V1_P8).keySet(), c.tensors().keySet());
		assertEquals("blocks.0.norm1.weight", c.tensors().get("blocks.0.norm1.weight").name());

		// not all keys: left alone
		wrapped.put("other", official.get("norm.bias").renamed("other"));
		assertTrue(KeyMapper.stripWrapperPrefixes(wrapped).containsKey("module.backbone.norm.bias"));
	}

	@Test
	void chunkedDinov2BlocksAreFlattened() {
		final Map<String, TensorData> official = official(V2_P14, 9);
		final Map<String, TensorData> chunked = new LinkedHashMap<>();
		official.forEach((k, v) -> {
			final String name = k.startsWith("blocks.") ? "blocks." + (k.charAt(7) == '2' ? 1 : 0) + "." + k
				.substring(7) : k;
			chunked.put(name, v.renamed(name));
		});
		assertTrue(chunked.containsKey("blocks.1.2.attn.qkv.weight"));
		final CanonicalTensors c = KeyMapper.toCanonical(chunked);
		assertEquals(CanonicalLayout.expectedShapes(V2_P14).keySet(), c.tensors().keySet());
		assertSameBytes(official, c.tensors());
	}

	@Test
	void schemeDetectionLooksAtTimmSpecificShapes() {
		final Map<String, TensorShape> shapes = new LinkedHashMap<>();
		shapes.put("pos_embed", TensorShape.of(1, 1370, 384));
		shapes.put("blocks.0.mlp.fc1.weight", TensorShape.of(1536, 384));
		shapes.put("blocks.0.mlp.fc2.weight", TensorShape.of(384, 1536));
		assertEquals(NamingScheme.OFFICIAL, NamingScheme.detect(shapes));
		shapes.put("pos_embed", TensorShape.of(1, 1369, 384));
		assertEquals(NamingScheme.TIMM, NamingScheme.detect(shapes));
		shapes.put("pos_embed", TensorShape.of(1, 1370, 384));
		shapes.put("blocks.0.mlp.fc1.weight", TensorShape.of(8192, 1536));
		shapes.put("blocks.0.mlp.fc2.weight", TensorShape.of(1536, 4096));
		assertEquals(NamingScheme.TIMM, NamingScheme.detect(shapes));
		assertEquals(NamingScheme.HUGGING_FACE, NamingScheme.detect(Map.of(
			"dinov2.embeddings.cls_token", TensorShape.of(1, 1, 384))));
	}

	private static TensorData flat(final TensorData t) {
		return t.renamed(t.name(), t.dim(1), t.dim(2));
	}

	static void assertSameBytes(final Map<String, TensorData> expected, final Map<String, TensorData> actual) {
		for (final Map.Entry<String, TensorData> e : actual.entrySet()) {
			final TensorData want = expected.get(e.getKey());
			assertTrue(want != null, "unexpected " + e.getKey());
			assertEquals(e.getKey(), e.getValue().name());
			assertArrayEquals(want.shape(), e.getValue().shape(), e.getKey());
			assertEquals(want.dtype(), e.getValue().dtype(), e.getKey());
			assertEquals(want.bytes(), e.getValue().bytes(), e.getKey());
		}
	}
}
