#!/bin/sh
# The image's entry point: the first argument names the role. Each role runs its compiled entry
# point (dist/, `npm run build`; the comment names its source), exec'd as node itself, so SIGTERM
# from Docker or Kubernetes reaches the process that shuts down cleanly (npm would sit between them
# as PID 1). The image holds no TypeScript and no tsx.
set -eu

role="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$role" in
  web)       exec node --enable-source-maps dist/web.js "$@" ;;                # npm run start:web
  pricing)   exec node --enable-source-maps dist/pricing.js "$@" ;;            # bin/pricing.ts
  ranking)   exec node --enable-source-maps dist/ranking.js "$@" ;;            # bin/ranking.ts
  migrate)   exec node --enable-source-maps dist/migrate.js "$@" ;;            # bin/migrate.ts
  simulator) exec node --enable-source-maps dist/simulator.js "$@" ;;          # bin/simulator.ts
  topcoins)  exec node bin/topcoins.js "$@" ;;                                 # the CLI: topcoins doctor, top
  healthcheck) exec node deploy/healthcheck.mjs "$@" ;;
  -h|--help|help)
    echo "usage: docker run IMAGE [web|pricing|ranking|migrate|simulator|topcoins ARGS...|healthcheck]"
    ;;
  *)
    echo "unknown role \"$role\": use web, pricing, ranking, migrate, simulator, topcoins or healthcheck" >&2
    exit 64
    ;;
esac
