#!/bin/sh
# Manual backup: run from a laptop with production credentials.
set -e
pg_dump "$DATABASE_URL" | gzip > "backup-$(date +%F).sql.gz"
