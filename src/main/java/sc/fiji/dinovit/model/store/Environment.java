package sc.fiji.dinovit.model.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the model store reads environment variables and Java system properties from. Production
 * code uses {@link #system()}; tests pass {@link #of(Map, Map)} so they never depend on (or change)
 * the real process environment.
 */
public interface Environment {

	/** @return the environment variable's value, or {@code null} when it is not set */
	String getenv(String name);

	/** @return the system property's value, or {@code null} when it is not set */
	String getProperty(String name);

	/** The real process: {@link System#getenv(String)} and {@link System#getProperty(String)}. */
	static Environment system() {
		return new Environment() {

			@Override
			public String getenv(final String name) {
				return System.getenv(name);
			}

			@Override
			public String getProperty(final String name) {
				return System.getProperty(name);
			}
		};
	}

	/** A fixed environment: copies of the two maps (either may be empty). */
	static Environment of(final Map<String, String> env, final Map<String, String> properties) {
		final Map<String, String> e = new HashMap<>(env);
		final Map<String, String> p = new HashMap<>(properties);
		return new Environment() {

			@Override
			public String getenv(final String name) {
				return e.get(name);
			}

			@Override
			public String getProperty(final String name) {
				return p.get(name);
			}
		};
	}

	/** @return the value, with surrounding blanks removed, or {@code null} when unset or blank */
	default String property(final String name) {
		return nonBlank(getProperty(name));
	}

	/** @return the value, with surrounding blanks removed, or {@code null} when unset or blank */
	default String variable(final String name) {
		return nonBlank(getenv(name));
	}

	private static String nonBlank(final String value) {
		if (value == null || value.isBlank()) return null;
		return value.trim();
	}
}
