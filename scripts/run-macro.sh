#!/usr/bin/env bash
# Runs an ImageJ 1 macro headless (no display needed) with the DINO commands available:
#   scripts/run-macro.sh MACRO.ijm [ARGUMENT]
# The argument is what the macro's getArgument() returns. Builds target/ImageJ first when it is
# missing or older than the sources (mvn package: jars/ = ij.jar + dependencies, plugins/ = our jar
# with its plugins.config). Exit status 0 = the macro ran to the end, 1 = it failed or a command
# aborted it (the reason is printed), 2 = bad arguments.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "Usage: $0 MACRO.ijm [ARGUMENT]" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
macro="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ij="$root/target/ImageJ"
if ! ls "$ij"/plugins/DINO_ViT_Features-*.jar >/dev/null 2>&1 \
   || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$(ls "$ij"/plugins/DINO_ViT_Features-*.jar | head -1)" -print -quit)" ]; then
  (cd "$root" && mvn -q -B package -DskipTests)
fi
exec java -Xmx4g -Djava.awt.headless=true ${DINO_JAVA_OPTS:-} -cp "$ij/jars/*:$ij/plugins/*" \
  sc.fiji.dinovit.ij1.HeadlessMacroRunner "$macro" "${2:-}"
