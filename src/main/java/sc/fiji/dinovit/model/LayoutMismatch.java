package sc.fiji.dinovit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Every difference between the tensors a model of some spec must have
 * ({@link CanonicalLayout#expectedShapes}) and the tensors found under canonical names.
 */
public final class LayoutMismatch {

	/** A tensor present under the expected name but with another shape. */
	public record WrongShape(String name, TensorShape expected, TensorShape found) {}

	private final Map<String, TensorShape> missing;
	private final Map<String, TensorShape> unexpected;
	private final List<WrongShape> wrongShapes;
	private final Map<String, DType> notFloatingPoint;

	private LayoutMismatch(final Map<String, TensorShape> missing,
		final Map<String, TensorShape> unexpected, final List<WrongShape> wrongShapes,
		final Map<String, DType> notFloatingPoint)
	{
		this.missing = Collections.unmodifiableMap(missing);
		this.unexpected = Collections.unmodifiableMap(unexpected);
		this.wrongShapes = List.copyOf(wrongShapes);
		this.notFloatingPoint = Collections.unmodifiableMap(notFloatingPoint);
	}

	/** Compares found tensors (canonical names) with the expected names and shapes. */
	public static LayoutMismatch compare(final Map<String, TensorShape> expected,
		final Map<String, TensorData> found)
	{
		final Map<String, TensorShape> missing = new LinkedHashMap<>();
		final List<WrongShape> wrongShapes = new ArrayList<>();
		for (final Map.Entry<String, TensorShape> e : expected.entrySet()) {
			final TensorData t = found.get(e.getKey());
			if (t == null) missing.put(e.getKey(), e.getValue());
			else if (!TensorShape.of(t).equals(e.getValue()))
				wrongShapes.add(new WrongShape(e.getKey(), e.getValue(), TensorShape.of(t)));
		}
		final Map<String, TensorShape> unexpected = new LinkedHashMap<>();
		final Map<String, DType> notFloatingPoint = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorData> e : found.entrySet()) {
			if (!expected.containsKey(e.getKey())) unexpected.put(e.getKey(), TensorShape.of(e.getValue()));
			else if (!e.getValue().dtype().isFloatingPoint()) notFloatingPoint.put(e.getKey(), e.getValue()
				.dtype());
		}
		return new LayoutMismatch(missing, unexpected, wrongShapes, notFloatingPoint);
	}

	public boolean isEmpty() {
		return missing.isEmpty() && unexpected.isEmpty() && wrongShapes.isEmpty() &&
			notFloatingPoint.isEmpty();
	}

	/** Expected tensors that are absent: name to expected shape. */
	public Map<String, TensorShape> missing() {
		return missing;
	}

	/** Tensors that the model does not have: name (as mapped) to found shape. */
	public Map<String, TensorShape> unexpected() {
		return unexpected;
	}

	public List<WrongShape> wrongShapes() {
		return wrongShapes;
	}

	/** Expected tensors stored with an integer or boolean element type. */
	public Map<String, DType> notFloatingPoint() {
		return notFloatingPoint;
	}

	/** One line per problem, grouped, e.g. {@code   wrong shape: blocks.0.attn.qkv.weight expected (384, 128), found (383, 128)}. */
	public String describe() {
		final StringBuilder sb = new StringBuilder();
		missing.forEach((name, shape) -> sb.append("\n  missing: ").append(name).append(" (expected ")
			.append(shape).append(')'));
		unexpected.forEach((name, shape) -> sb.append("\n  unexpected: ").append(name).append(
			" (found ").append(shape).append(')'));
		for (final WrongShape w : wrongShapes)
			sb.append("\n  wrong shape: ").append(w.name()).append(" expected ").append(w.expected())
				.append(", found ").append(w.found());
		notFloatingPoint.forEach((name, dtype) -> sb.append("\n  not floating point: ").append(name)
			.append(" has type ").append(dtype));
		return sb.toString();
	}

	/** Counts for a summary line, e.g. "2 missing, 1 unexpected, 0 mis-shaped, 0 non-float". */
	public String summary() {
		return missing.size() + " missing, " + unexpected.size() + " unexpected, " + wrongShapes.size() +
			" mis-shaped, " + notFloatingPoint.size() + " not floating point";
	}
}
