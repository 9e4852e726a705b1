package sc.fiji.dinovit.testutil;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Groovy for SciJava's ScriptService in the tests. scijava-common 2.99 indexes only
 * {@link ScriptLanguage} plugins (it no longer adds every javax.script engine by itself), so the
 * JSR-223 engine of groovy-jsr223 (a test dependency) is adapted here, the way Fiji's
 * scripting-groovy plugin provides Groovy there.
 */
@Plugin(type = ScriptLanguage.class, name = "Groovy")
public class JsrGroovyLanguage extends AdaptedScriptLanguage {

	public JsrGroovyLanguage() {
		super("groovy");
	}
}
