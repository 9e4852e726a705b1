package sc.fiji.dinovit.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Uses Strings as stand-in "tensors": the locator is generic over the tensor type. */
class StateDictLocatorTest {

	private record T(String id) {}

	private static Map<Object, Object> dict(final Object... kv) {
		final Map<Object, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put(kv[i], kv[i + 1]);
		return m;
	}

	private static StateDictLocator.Selection<T> locate(final Object root)
		throws CheckpointFormatException
	{
		return StateDictLocator.locate(root, T.class, "f.pth");
	}

	@Test
	void topLevelStateDictIsTakenAsIs() throws CheckpointFormatException {
		final StateDictLocator.Selection<T> s = locate(dict("cls_token", new T("1"), "teacher", dict(
			"x", new T("2")), "_metadata", dict()));
		assertEquals(List.of("cls_token"), List.copyOf(s.tensors().keySet()));
		assertEquals("top-level state dict", s.description());
	}

	@Test
	void preferenceOrderTeacherStudentModelStateDictModule() throws CheckpointFormatException {
		final Map<Object, Object> all = dict("module", dict("m", new T("m")), "state_dict", dict("s",
			new T("s")), "model", dict("o", new T("o")), "student", dict("st", new T("st")), "teacher",
			dict("te", new T("te")));
		for (final String expected : List.of("te", "st", "o", "s", "m")) {
			assertEquals(List.of(expected), List.copyOf(locate(all).tensors().keySet()));
			all.remove(StateDictLocator.NESTED_KEYS.get(List.of("te", "st", "o", "s", "m").indexOf(
				expected)));
		}
	}

	@Test
	void emptyTeacherFallsBackToStudent() throws CheckpointFormatException {
		final StateDictLocator.Selection<T> s = locate(dict("teacher", dict(), "student", dict(
			"module.backbone.norm.weight", new T("n"))));
		assertEquals(List.of("norm.weight"), List.copyOf(s.tensors().keySet()));
	}

	@Test
	void dinov2TrainingCheckpointModelWithTeacherPrefix() throws CheckpointFormatException {
		final StateDictLocator.Selection<T> s = locate(dict("model", dict(
			"student.backbone.cls_token", new T("s"), "teacher.backbone.cls_token", new T("t"),
			"teacher.dino_head.w", new T("h")), "iteration", 5L));
		assertEquals(Map.of("cls_token", new T("t")), s.tensors());
		assertTrue(s.description().startsWith("'model' state dict"), s.description());
	}

	@Test
	void nestedTwoLevels() throws CheckpointFormatException {
		final StateDictLocator.Selection<T> s = locate(dict("model", dict("state_dict", dict(
			"backbone.pos_embed", new T("p")))));
		assertEquals(List.of("pos_embed"), List.copyOf(s.tensors().keySet()));
		assertTrue(s.description().contains("'model'/'state_dict'"), s.description());
	}

	@Test
	void collisionsAndMissingStateDictAreExplained() {
		final CheckpointFormatException clash = assertThrows(CheckpointFormatException.class,
			() -> locate(dict("module.w", new T("1"), "w", new T("2"))));
		assertTrue(clash.getMessage().contains("'w'"), clash.getMessage());
		final CheckpointFormatException none = assertThrows(CheckpointFormatException.class,
			() -> locate(dict("epoch", 3L, "optimizer", dict())));
		assertTrue(none.getMessage().contains("epoch, optimizer") && none.getMessage().contains(
			"teacher"), none.getMessage());
		assertThrows(CheckpointFormatException.class, () -> locate(List.of()));
	}

	@Test
	void cyclesDoNotHang() {
		final Map<Object, Object> loop = dict();
		loop.put("model", loop);
		assertThrows(CheckpointFormatException.class, () -> locate(loop));
	}
}
