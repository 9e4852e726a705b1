package sc.fiji.dinovit.ij1;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import ij.ImagePlus;
import ij.WindowManager;
import ij.util.Tools;

/**
 * Reads command inputs from an ImageJ 1 macro options string ({@code "layer=2 facet=key bin
 * model_file=[/a b/c.pth]"}) the way a GenericDialog does in a macro, without any AWT (so it works
 * headless): values come from {@code key=value} or {@code key=[value with spaces]}, a boolean is true
 * when its key is present (or {@code key=true}), a missing key keeps the default, an image is found
 * by its title (missing: the current image, or null when none is open; the command says whether it
 * needs one). Stricter than GenericDialog where a typo would silently
 * keep a default: unknown keys, bad numbers and invalid choices are errors naming the valid values.
 */
public final class MacroOptions {

	private MacroOptions() {}

	/**
	 * Splits an options string into keys (lowercased) and raw values ("" for a bare key such as a
	 * checkbox). Order is kept; a repeated key keeps the first value, as Macro.getValue does.
	 */
	public static Map<String, String> parse(final String options) {
		final Map<String, String> map = new LinkedHashMap<>();
		final String s = options == null ? "" : options;
		int i = 0;
		final int n = s.length();
		while (i < n) {
			while (i < n && s.charAt(i) == ' ') i++;
			if (i >= n) break;
			int k = i;
			while (k < n && s.charAt(k) != '=' && s.charAt(k) != ' ') k++;
			final String key = s.substring(i, k).toLowerCase(Locale.US);
			String value = "";
			if (k < n && s.charAt(k) == '=') {
				k++;
				if (k < n && s.charAt(k) == '[') {
					final int end = s.indexOf(']', k + 1);
					value = s.substring(k + 1, end < 0 ? n : end);
					k = end < 0 ? n : end + 1;
				}
				else {
					int e = k;
					while (e < n && s.charAt(e) != ' ') e++;
					value = s.substring(k, e);
					k = e;
				}
			}
			map.putIfAbsent(key, value);
			i = k;
		}
		return map;
	}

	/**
	 * The value of every input: from the options where given, else the default.
	 *
	 * @throws IllegalArgumentException for unknown keys, bad numbers, invalid choices, an image title
	 *           that is not open
	 */
	public static Map<String, Object> read(final String command, final List<CommandInput> inputs,
		final String options)
	{
		final Map<String, String> given = parse(options);
		for (final String key : given.keySet())
			if (inputs.stream().noneMatch(in -> in.name().equals(key))) throw new IllegalArgumentException(
				"Unknown key '" + key + "' for \"" + command + "\"; its keys are " + inputs.stream().map(
					CommandInput::name).collect(Collectors.joining(", ")));
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final CommandInput in : inputs) {
			final String raw = given.get(in.name());
			values.put(in.name(), convert(command, in, raw));
		}
		return values;
	}

	private static Object convert(final String command, final CommandInput in, final String raw) {
		switch (in.kind()) {
			case BOOLEAN:
				if (raw == null) return false; // like GenericDialog: an absent checkbox key means false
				if (raw.isEmpty() || raw.equalsIgnoreCase("true")) return true;
				if (raw.equalsIgnoreCase("false")) return false;
				throw new IllegalArgumentException(in.name() + "=" + raw + " is not a boolean: write just '" + in
					.name() + "' for true, or leave it out for false");
			case IMAGE:
				return image(command, raw, in.required());
			default:
				if (raw == null) return in.defaultValue();
		}
		switch (in.kind()) {
			case INTEGER: {
				final double v = Tools.parseDouble(raw);
				if (Double.isNaN(v) || v != Math.rint(v)) throw new IllegalArgumentException(in.name() + "=" + raw +
					" is not a whole number");
				return (int) v;
			}
			case DOUBLE: {
				final double v = Tools.parseDouble(raw);
				if (Double.isNaN(v)) throw new IllegalArgumentException(in.name() + "=" + raw + " is not a number");
				return v;
			}
			case CHOICE:
				for (final String c : in.choices())
					if (c.equals(raw)) return c;
				throw new IllegalArgumentException("'" + raw + "' is not a valid choice for " + in.name() +
					"; use one of " + String.join(", ", in.choices()));
			case FILE:
				return raw.trim().isEmpty() ? null : new File(raw);
			default:
				return raw;
		}
	}

	private static ImagePlus image(final String command, final String title, final boolean required) {
		if (title == null || title.isEmpty()) {
			final ImagePlus current = WindowManager.getCurrentImage();
			if (current == null && !required) return null; // an optional image (e.g. unused by input=folder)
			if (current == null) throw new IllegalArgumentException("\"" + command +
				"\" needs an image: open one first (or give image=<title>)");
			return current;
		}
		ImagePlus imp = WindowManager.getImage(title);
		final ImagePlus current = WindowManager.getCurrentImage();
		if (imp == null && current != null && title.equals(current.getTitle())) imp = current;
		if (imp == null) throw new IllegalArgumentException("No open image is titled '" + title + "' (image=" +
			title + ")");
		return imp;
	}
}
