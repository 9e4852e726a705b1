package sc.fiji.dinovit.ij1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.Menus;

/**
 * Fills ImageJ 1's command table (label to {@code class("arg")}, what {@code run("Label", ...)}
 * looks up) without building any AWT menu, so macros can call commands on a machine without a
 * display. Plain ImageJ 1 builds the menu bar on the first {@code run(...)} instead, which throws
 * HeadlessException there. Sources: the built-in commands of IJ_Props.txt in ij.jar, then every
 * {@code plugins.config} on the class path (ours among them).
 */
public final class CommandTable {

	/** IJ_Props.txt: {@code key="Label[shortcut]",class.Name("arg")}. */
	private static final Pattern PROPS = Pattern.compile("^[\\w-]+=\"([^\"]*)\",\\s*(\\S+)\\s*$");
	/** plugins.config: {@code Menu>Sub, "Label", class.Name("arg")}. */
	private static final Pattern CONFIG = Pattern.compile("^\\s*([^,]*),\\s*\"([^\"]*)\",\\s*([^\\s]*(\\(.*\\))?)\\s*$");
	private static final Pattern SHORTCUT = Pattern.compile("\\[[^\\]]{1,3}\\]$");

	private CommandTable() {}

	/**
	 * Installs the table into {@link Menus} unless ImageJ 1 already has one (GUI mode).
	 *
	 * @return the table in use
	 */
	@SuppressWarnings("unchecked")
	public static synchronized Hashtable<String, String> install() throws IOException {
		final Field f = tableField();
		try {
			final Object existing = f.get(null);
			if (existing != null) return (Hashtable<String, String>) existing;
			final Hashtable<String, String> table = build();
			f.set(null, table);
			return table;
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException("Cannot set ImageJ 1's command table (ij.Menus.pluginsTable)", e);
		}
	}

	/** The built-in commands plus those of every plugins.config on the class path. */
	public static Hashtable<String, String> build() throws IOException {
		final Hashtable<String, String> table = new Hashtable<>();
		try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
			if (in == null) throw new IOException("IJ_Props.txt is not in ij.jar: is ij.jar on the class path?");
			readProps(in, table);
		}
		final Enumeration<URL> configs = CommandTable.class.getClassLoader().getResources("plugins.config");
		while (configs.hasMoreElements())
			try (InputStream in = configs.nextElement().openStream()) {
				readPluginsConfig(in, table);
			}
		return table;
	}

	static void readProps(final InputStream in, final Map<String, String> table) throws IOException {
		for (final String line : lines(in)) {
			final Matcher m = PROPS.matcher(line.trim());
			if (m.matches()) table.putIfAbsent(SHORTCUT.matcher(m.group(1)).replaceFirst(""), m.group(2));
		}
	}

	static void readPluginsConfig(final InputStream in, final Map<String, String> table) throws IOException {
		for (final String line : lines(in)) {
			if (line.trim().startsWith("#")) continue;
			final Matcher m = CONFIG.matcher(line);
			if (m.matches() && !m.group(2).equals("-") && !m.group(3).isEmpty() && !m.group(3).equals("null"))
				table.put(m.group(2), m.group(3));
		}
	}

	private static String[] lines(final InputStream in) throws IOException {
		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			return r.lines().toArray(String[]::new);
		}
	}

	private static Field tableField() {
		try {
			final Field f = Menus.class.getDeclaredField("pluginsTable");
			f.setAccessible(true);
			return f;
		}
		catch (final NoSuchFieldException e) {
			throw new IllegalStateException("This ImageJ 1 version has no Menus.pluginsTable; the headless " +
				"runner supports ij 1.54", e);
		}
	}
}
