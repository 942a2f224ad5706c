#!/usr/bin/env bash
# The magic-number demo: jobs started on different versions of a module run side by side, each with its
# own code, and the old versions leave the JVM when their jobs end.
#   demos/magic-number.sh [N] [--no-isolation]
# Builds what it needs through demos/launch.sh, then runs the story.
exec "$(dirname "${BASH_SOURCE[0]}")/launch.sh" io.modulets.demos.MagicNumberDemo "$@"
