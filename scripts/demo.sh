#!/usr/bin/env bash
# The main job on the embedded defaults: serve the demo portal network on 127.0.0.1, crawl it
# into a fresh store, then show searches, events and officials from the result.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WORK=${DEMO_DIR:-demo}
PORT=${DEMO_PORT:-8101}
mkdir -p "$WORK"
rm -f "$WORK/demo-sources.toml" "$WORK/phongtrao.db" "$WORK/phongtrao.db-wal" "$WORK/phongtrao.db-shm"
export PHONGTRAO_DB="$WORK/phongtrao.db"

$BIN/python -m phongtrao.scraper.demo_server --port "$PORT" --delay 0.2 --crawl-delay 0.2 \
    --sources-out "$WORK/demo-sources.toml" > "$WORK/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -f "$WORK/demo-sources.toml" ] && break; sleep 0.1; done
[ -f "$WORK/demo-sources.toml" ] || { echo "demo: the portal server did not start (see $WORK/server.log)" >&2; exit 1; }

echo "== 1. The bundled texts, extracted (no store): one of them"
$BIN/phongtrao extract corpora/texts/chau-thanh-kiem-tra-cum-thi-dua-so-1-2019.txt --format table

echo "== 2. Crawl the demo portal network on 127.0.0.1 into $PHONGTRAO_DB"
$BIN/phongtrao crawl --sources "$WORK/demo-sources.toml"

echo "== 3. Add the bundled report texts to the same store"
$BIN/phongtrao ingest corpora/texts

echo "== 4. Search without diacritics: dan van kheo"
$BIN/phongtrao search "dan van kheo" --format table
echo "== 5. Search by initials, inspections only: TDĐKXDĐSVH --type kiem_tra"
$BIN/phongtrao search "TDĐKXDĐSVH" --type kiem_tra --format table
echo "== 6. Events"
$BIN/phongtrao events --format table
echo "== 7. Movements"
$BIN/phongtrao movements --format table
echo "== 8. Coverage: which districts reported on which movement, month by month"
$BIN/phongtrao coverage --level district --format table
echo "== 9. Exemplar summary for the offices' reports: $WORK/diem-hinh.xlsx and .docx"
$BIN/phongtrao export exemplars --out "$WORK/diem-hinh.xlsx"
$BIN/phongtrao export exemplars --out "$WORK/diem-hinh.docx"
ls -l "$WORK/diem-hinh.xlsx" "$WORK/diem-hinh.docx"
