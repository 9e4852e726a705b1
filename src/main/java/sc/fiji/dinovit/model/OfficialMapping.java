package sc.fiji.dinovit.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Official names are canonical already. Only two things happen: dropped tensors are left out,
 * and DINOv2 training checkpoints with {@code block_chunks > 0}
 * ({@code blocks.<chunk>.<i>.…}, where i is the global block index) are flattened to
 * {@code blocks.<i>.…}.
 */
final class OfficialMapping {

	private static final Pattern CHUNKED_BLOCK = Pattern.compile("blocks\\.\\d+\\.(\\d+\\..+)");

	private OfficialMapping() {}

	static Map<String, TensorData> map(final Map<String, TensorData> in, final List<String> dropped) {
		final Map<String, TensorData> out = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorData> e : in.entrySet()) {
			final String name = e.getKey();
			if (KeyMapper.isDropped(name)) {
				dropped.add(name);
				continue;
			}
			final Matcher chunked = CHUNKED_BLOCK.matcher(name);
			KeyMapper.put(out, chunked.matches() ? CanonicalNames.BLOCKS_PREFIX + chunked.group(1) : name,
				e.getValue());
		}
		return out;
	}
}
