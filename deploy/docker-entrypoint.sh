#!/bin/sh
# The image's entry point: the first argument names the role. Each role runs the same command as
# its npm script (package.json), but exec'd as node itself, so SIGTERM from Docker or Kubernetes
# reaches the process that shuts down cleanly (npm would sit between them as PID 1).
set -eu

role="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$role" in
  web)       exec node --import tsx scripts/web-server.ts "$@" ;;              # npm run start:web
  pricing)   exec node --import tsx services/pricing.ts "$@" ;;                # npm run service:pricing
  ranking)   exec node --import tsx services/ranking.ts "$@" ;;                # npm run service:ranking
  migrate)   exec node --import tsx scripts/migrate.ts "$@" ;;                 # npm run db:migrate
  simulator) exec node --import tsx simulator/main.ts "$@" ;;                  # npm run simulator
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
