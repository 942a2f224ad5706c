#!/usr/bin/env bash
# The confirmation-email demo: jobs supervise a send_email and a wait_reply worker; a new version of the
# email module arrives while they wait; each job (and each restart of its workers) keeps its own version,
# new jobs take the new one, and the old version leaves the JVM when its last job ends.
#   demos/confirmation-email.sh
# Builds what it needs (JDK 25 and Maven 3.9 are picked or fetched by tools/), then runs the story.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "Building the demo (the first run fetches Maven and the dependencies)..." >&2
tools/mvn -B -ntp -q -pl demos -am package -DskipTests >&2
JAVA_HOME="$(tools/java-home)"
exec "$JAVA_HOME/bin/java" -cp "demos/target/classes:demos/target/lib/*" io.modulets.demos.ConfirmationEmailDemo "$@"
