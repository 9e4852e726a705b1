package sc.fiji.dinovit.ij1;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * The interactive form of a command: an ImageJ 1 {@link GenericDialog} with one field per input,
 * labelled with the input's name (the first word of a label is the macro key), so ImageJ's Recorder
 * writes {@code run("Label", "key=value ...")} with the snake_case keys as the user confirms it.
 * Needs a display; macros go through {@link MacroOptions} instead.
 */
final class CommandDialog {

	private CommandDialog() {}

	/** Shows the dialog; returns the values, or null if the user cancelled. */
	static Map<String, Object> show(final String title, final List<CommandInput> inputs) {
		final GenericDialog gd = new GenericDialog(title);
		final boolean noImages = WindowManager.getImageCount() == 0; // no image field: the command decides
		for (final CommandInput in : inputs) {
			final Object def = in.defaultValue();
			switch (in.kind()) {
				case IMAGE: {
					if (noImages) break;
					final ImagePlus current = WindowManager.getCurrentImage();
					gd.addImageChoice(in.name(), current == null ? null : current.getTitle());
					break;
				}
				case INTEGER:
					gd.addNumericField(in.name(), def == null ? 0 : ((Number) def).doubleValue(), 0);
					break;
				case DOUBLE:
					gd.addNumericField(in.name(), def == null ? 0 : ((Number) def).doubleValue(), 3);
					break;
				case BOOLEAN:
					gd.addCheckbox(in.name(), Boolean.TRUE.equals(def));
					break;
				case CHOICE:
					gd.addChoice(in.name(), in.choices().toArray(new String[0]), def == null ? in.choices().get(0)
						: def.toString());
					break;
				case FILE:
					if (in.style().contains("directory")) gd.addDirectoryField(in.name(), def == null ? "" : def.toString());
					else gd.addFileField(in.name(), def == null ? "" : def.toString());
					break;
				default:
					gd.addStringField(in.name(), def == null ? "" : def.toString(), 12);
			}
		}
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final CommandInput in : inputs) {
			switch (in.kind()) {
				case IMAGE: values.put(in.name(), noImages ? null : gd.getNextImage()); break;
				case INTEGER: values.put(in.name(), (int) Math.round(number(gd, in))); break;
				case DOUBLE: values.put(in.name(), number(gd, in)); break;
				case BOOLEAN: values.put(in.name(), gd.getNextBoolean()); break;
				case CHOICE: values.put(in.name(), gd.getNextChoice()); break;
				case FILE: {
					final String s = gd.getNextString().trim();
					values.put(in.name(), s.isEmpty() ? null : new File(s));
					break;
				}
				default: values.put(in.name(), gd.getNextString());
			}
		}
		return values;
	}

	private static double number(final GenericDialog gd, final CommandInput in) {
		final double v = gd.getNextNumber();
		if (gd.invalidNumber()) throw new IllegalArgumentException(in.name() + " is not a valid number");
		return v;
	}
}
