package sc.fiji.dinovit.model.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import sc.fiji.dinovit.model.ModelSpec;

/**
 * What a registry model's checkpoint must contain: family, patch size, embedding width, depth and
 * register tokens. Checked against the {@link ModelSpec} inferred from the file when a registry
 * model is loaded, so a file stored under the wrong id (for example ViT-S/16 weights imported as
 * {@code dino_vits8}: the same size, so the import's size check cannot tell) is refused instead of
 * silently giving another model's features. Immutable value.
 */
public final class ExpectedArchitecture {

	private final ModelSpec.Family family;
	private final int patchSize;
	private final int embedDim;
	private final int depth;
	private final int registers;

	public ExpectedArchitecture(final ModelSpec.Family family, final int patchSize, final int embedDim,
		final int depth, final int registers)
	{
		this.family = family;
		this.patchSize = patchSize;
		this.embedDim = embedDim;
		this.depth = depth;
		this.registers = registers;
	}

	/**
	 * The differences between this expectation and the model found in the file, such as "patch
	 * size 16 (expected 8)", or empty when the file is the expected architecture.
	 */
	public Optional<String> mismatch(final ModelSpec found) {
		final List<String> d = new ArrayList<>();
		if (found.family() != family) d.add("family " + found.family() + " (expected " + family + ")");
		if (found.patchSize() != patchSize) d.add("patch size " + found.patchSize() + " (expected " +
			patchSize + ")");
		if (found.embedDim() != embedDim) d.add("embedding width " + found.embedDim() + " (expected " +
			embedDim + ")");
		if (found.depth() != depth) d.add(found.depth() + " blocks (expected " + depth + ")");
		if (found.numRegisterTokens() != registers) d.add(found.numRegisterTokens() +
			" register tokens (expected " + registers + ")");
		return d.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", d));
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof ExpectedArchitecture)) return false;
		final ExpectedArchitecture a = (ExpectedArchitecture) o;
		return family == a.family && patchSize == a.patchSize && embedDim == a.embedDim &&
			depth == a.depth && registers == a.registers;
	}

	@Override
	public int hashCode() {
		return ((family.hashCode() * 31 + patchSize) * 31 + embedDim) * 31 + depth * 7 + registers;
	}

	@Override
	public String toString() {
		return family + " patch " + patchSize + ", width " + embedDim + ", " + depth + " blocks, " +
			registers + " registers";
	}
}
