package sc.fiji.dinovit.model.store;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for model ids. An id is also a folder name in the store, so it must be safe on every file
 * system: 1 to 64 characters, lower-case letters, digits, '_', '-' and '.', starting and ending
 * with a letter or digit, no "..", and not a reserved Windows device name. Lower case only, so
 * that ids cannot collide on case-insensitive file systems (macOS, Windows).
 */
final class ModelIds {

	static final int MAX_LENGTH = 64;

	private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?");

	private static final Pattern WINDOWS_RESERVED = Pattern.compile(
		"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

	private static final Set<String> RESERVED_SUFFIXES = Set.of(".lock", ".sha256");

	private ModelIds() {}

	static boolean isValid(final String id) {
		return problem(id) == null;
	}

	/** @return why the id is invalid, or {@code null} when it is valid */
	static String problem(final String id) {
		if (id == null || id.isEmpty()) return "A model id must not be empty.";
		final String rule = " Ids use 1-" + MAX_LENGTH +
			" characters: lower-case letters, digits, '_', '-' and '.', starting and ending with a letter or digit.";
		if (!VALID.matcher(id).matches()) {
			final String lower = id.toLowerCase(Locale.ROOT);
			final String hint = !lower.equals(id) && VALID.matcher(lower).matches() ? " Try '" + lower +
				"'." : "";
			return "Invalid model id '" + id + "'." + rule + hint;
		}
		if (id.contains("..")) return "Invalid model id '" + id + "': it must not contain '..'." + rule;
		if (WINDOWS_RESERVED.matcher(id).matches()) return "Invalid model id '" + id +
			"': it is a reserved device name on Windows.";
		return null;
	}

	/** A valid id made from a file name: extension dropped, lower case, other characters -> '_'. */
	static String fromFileName(final String fileName) {
		String base = fileName;
		final int dot = base.lastIndexOf('.');
		if (dot > 0) base = base.substring(0, dot);
		String id = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_").replaceAll("\\.{2,}",
			".");
		id = id.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
		if (id.length() > MAX_LENGTH) id = id.substring(0, MAX_LENGTH).replaceAll("[^a-z0-9]+$", "");
		if (id.isEmpty() || WINDOWS_RESERVED.matcher(id).matches()) id = "model_" + id;
		return id.replaceAll("[^a-z0-9]+$", "");
	}

	/** Whether a name can be used as-is for a file inside a model folder. */
	static boolean isSafeFileName(final String name) {
		if (name.isEmpty() || name.length() > 200 || name.startsWith(".")) return false;
		if (!name.matches("[A-Za-z0-9._-]+")) return false;
		for (final String suffix : RESERVED_SUFFIXES)
			if (name.endsWith(suffix)) return false;
		return !name.contains(".part-");
	}
}
