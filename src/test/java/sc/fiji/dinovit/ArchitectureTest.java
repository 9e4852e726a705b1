package sc.fiji.dinovit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The dependency rule of the house: the core (model, vit, features, imglib2, algorithms) knows
 * nothing of ImageJ 1, AWT, Swing or SciJava commands; the algorithms do not see DJL; nothing in
 * the core depends on the user-facing layers (cli, commands, ij1 bridge). Packages depend one way:
 * pipeline -&gt; algorithms -&gt; features, vit, model, imglib2 (never back).
 */
class ArchitectureTest {

	private static final Path MAIN = Paths.get("src/main/java/sc/fiji/dinovit");

	@Test
	void coreImportsNoUserInterface() throws IOException {
		final List<String> violations = new ArrayList<>();
		for (final String core : new String[] { "model", "vit", "features", "imglib2", "algorithms" })
			scan(MAIN.resolve(core), violations, "import ij.", "import java.awt", "import javax.swing",
				"import javax.imageio", "import org.scijava.command", "import org.scijava.plugin",
				"import sc.fiji.dinovit.cli", "import sc.fiji.dinovit.command", "import sc.fiji.dinovit.ij1");
		assertTrue(violations.isEmpty(), "Core classes import UI code:\n" + String.join("\n", violations));
	}

	@Test
	void algorithmsDoNotSeeDjl() throws IOException {
		final List<String> violations = new ArrayList<>();
		scan(MAIN.resolve("algorithms"), violations, "import ai.djl", "import sc.fiji.dinovit.vit.VitModel",
			"import sc.fiji.dinovit.model.");
		scan(MAIN.resolve("imglib2"), violations, "import ai.djl");
		scan(MAIN.resolve("model"), violations, "import ai.djl", "import sc.fiji.dinovit.vit",
			"import sc.fiji.dinovit.features");
		assertTrue(violations.isEmpty(), "Layering violations:\n" + String.join("\n", violations));
	}

	@Test
	void dependenciesPointOneWay() throws IOException {
		final List<String> violations = new ArrayList<>();
		for (final String lower : new String[] { "features", "vit", "model", "imglib2" })
			scan(MAIN.resolve(lower), violations, "import sc.fiji.dinovit.algorithms", "import sc.fiji.dinovit.pipeline",
				"import static sc.fiji.dinovit.algorithms", "import static sc.fiji.dinovit.pipeline");
		scan(MAIN.resolve("algorithms"), violations, "import sc.fiji.dinovit.pipeline",
			"import static sc.fiji.dinovit.pipeline");
		assertTrue(violations.isEmpty(), "Dependencies pointing back up:\n" + String.join("\n", violations));
	}

	private static void scan(final Path dir, final List<String> violations, final String... forbidden)
		throws IOException
	{
		if (!Files.isDirectory(dir)) return;
		try (Stream<Path> files = Files.walk(dir)) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
				final List<String> lines = Files.readAllLines(f);
				for (int i = 0; i < lines.size(); i++)
					for (final String bad : forbidden)
						if (lines.get(i).trim().startsWith(bad)) violations.add(f + ":" + (i + 1) + ": " + lines.get(i)
							.trim());
			}
		}
	}
}
