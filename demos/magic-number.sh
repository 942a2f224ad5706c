#!/usr/bin/env bash
# The magic-number demo: jobs started on different versions of a module run side by side, each with its
# own code, and the old versions leave the JVM when their jobs end.
#   demos/magic-number.sh [N] [--no-isolation]
# Builds what it needs (JDK 25 and Maven 3.9 are picked or fetched by tools/), then runs the story.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "Building the demo (the first run fetches Maven and the dependencies)..." >&2
tools/mvn -B -ntp -q -pl demos -am package -DskipTests >&2
JAVA_HOME="$(tools/java-home)"
exec "$JAVA_HOME/bin/java" -cp "demos/target/classes:demos/target/lib/*" io.modulets.demos.MagicNumberDemo "$@"
