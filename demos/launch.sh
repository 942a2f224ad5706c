#!/usr/bin/env bash
# Builds the demos (JDK 25 and Maven 3.9 are picked or fetched by tools/) and runs one demo's main class.
#   demos/launch.sh <main class> [arguments...]     (used by magic-number.sh and confirmation-email.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MAIN="$1"
shift
echo "Building the demo (the first run fetches Maven and the dependencies)..." >&2
tools/mvn -B -ntp -q -pl demos -am package -DskipTests >&2
JAVA_HOME="$(tools/java-home)"
# The same JDK options as the tests (pom.xml's modulets.jdk.opens): the leak remedies undo what they need them for.
OPENS=(--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED
       --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/jdk.internal.vm=ALL-UNNAMED
       --add-opens java.base/jdk.internal.misc=ALL-UNNAMED)
exec "$JAVA_HOME/bin/java" "${OPENS[@]}" -cp "demos/target/classes:demos/target/lib/*" "$MAIN" "$@"
