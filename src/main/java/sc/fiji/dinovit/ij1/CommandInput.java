package sc.fiji.dinovit.ij1;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;

import ij.ImagePlus;

/**
 * One input of a SciJava command as the IJ1 bridge sees it: the field name is the macro key (keep it
 * lowercase snake_case), the kind decides the dialog widget, the field initializer is the default.
 * Read by reflection on {@link Parameter} fields (superclasses first), so no Context is needed to
 * build a dialog. Services, the Context, outputs and MESSAGE/INVISIBLE items are not inputs here.
 */
public final class CommandInput {

	/** Dialog widget kinds. */
	public enum Kind { IMAGE, INTEGER, DOUBLE, BOOLEAN, CHOICE, STRING, FILE }

	private final String name;
	private final Kind kind;
	private final List<String> choices;
	private final Object defaultValue;
	private final boolean required;
	private final String description;
	private final String style;

	private CommandInput(final String name, final Kind kind, final List<String> choices,
		final Object defaultValue, final boolean required, final String description, final String style)
	{
		this.name = name;
		this.kind = kind;
		this.choices = choices;
		this.defaultValue = defaultValue;
		this.required = required;
		this.description = description;
		this.style = style;
	}

	/** The macro key: the field name. */
	public String name() { return name; }

	public Kind kind() { return kind; }

	/** The allowed values of a CHOICE, else empty. */
	public List<String> choices() { return choices; }

	/** The field's initial value in a new instance (may be null). */
	public Object defaultValue() { return defaultValue; }

	public boolean required() { return required; }

	public String description() { return description; }

	/** The parameter's widget style (e.g. "directory" for a FILE input that is a folder), or "". */
	public String style() { return style; }

	/**
	 * The inputs of a command class in declaration order (superclass fields first).
	 *
	 * @throws IllegalArgumentException for a parameter type the bridge cannot show, or a key that
	 *           is not lowercase snake_case (IJ1 lowercases keys, so others would not replay)
	 */
	public static List<CommandInput> of(final Class<? extends Command> type) {
		final Object defaults = instantiate(type);
		final List<Class<?>> chain = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
			chain.add(0, c);
		final List<CommandInput> inputs = new ArrayList<>();
		for (final Class<?> c : chain)
			for (final Field f : c.getDeclaredFields()) {
				final Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || Modifier.isStatic(f.getModifiers())) continue;
				if (p.type() == ItemIO.OUTPUT || p.visibility() == ItemVisibility.MESSAGE ||
					p.visibility() == ItemVisibility.INVISIBLE) continue;
				if (Service.class.isAssignableFrom(f.getType()) || Context.class.isAssignableFrom(f.getType()))
					continue;
				inputs.add(describe(f, p, defaults));
			}
		return Collections.unmodifiableList(inputs);
	}

	private static CommandInput describe(final Field f, final Parameter p, final Object defaults) {
		final String name = f.getName();
		if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("Parameter " + f +
			" is not lowercase snake_case: ImageJ 1 macros lowercase keys, so it could not be replayed");
		final Class<?> t = f.getType();
		final Kind kind;
		if (ImagePlus.class.isAssignableFrom(t)) kind = Kind.IMAGE;
		else if (t == Integer.class || t == int.class || t == Long.class || t == long.class) kind = Kind.INTEGER;
		else if (t == Double.class || t == double.class || t == Float.class || t == float.class) kind = Kind.DOUBLE;
		else if (t == Boolean.class || t == boolean.class) kind = Kind.BOOLEAN;
		else if (t == String.class) kind = p.choices().length > 0 ? Kind.CHOICE : Kind.STRING;
		else if (t == File.class) kind = Kind.FILE;
		else throw new IllegalArgumentException("Parameter " + f + " has type " + t.getSimpleName() +
			", which the ImageJ 1 bridge cannot show in a dialog");
		Object def;
		try {
			f.setAccessible(true);
			def = f.get(defaults);
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException("Cannot read the default of " + f, e);
		}
		return new CommandInput(name, kind, Arrays.asList(p.choices()), def, p.required(), p.description(), p
			.style());
	}

	private static Object instantiate(final Class<?> type) {
		try {
			return type.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalArgumentException("Command " + type.getName() +
				" needs a public no-argument constructor", e);
		}
	}

	@Override
	public String toString() {
		return name + " (" + kind.name().toLowerCase() + ")";
	}
}
