#!/usr/bin/env bash
# The confirmation-email demo: jobs supervise a send_email and a wait_reply worker; a new version of the
# email module arrives while they wait; each job (and each restart of its workers) keeps its own version,
# new jobs take the new one, and the old version leaves the JVM when its last job ends.
#   demos/confirmation-email.sh
# Builds what it needs through demos/launch.sh, then runs the story.
exec "$(dirname "${BASH_SOURCE[0]}")/launch.sh" io.modulets.demos.ConfirmationEmailDemo "$@"
