#!/usr/bin/env bash
# Benchmark: strata analyze vs the same computation in DuckDB SQL, on the same generated files.
# Usage: scripts/bench.sh [customers]   (default 1000000)
# Prints wall time, peak memory (max RSS) and the ratio strata/DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
WORK=.bench
DATA=$WORK/data-$N
mkdir -p "$WORK"

swift build -c release --product strata >/dev/null
STRATA=.build/release/strata

if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet duckdb
fi

if [ ! -f "$DATA/events.csv" ]; then
  /usr/bin/time -f "generate: %e s, %M KB max RSS" "$STRATA" generate --customers "$N" --seed 7 --out "$DATA"
fi
du -ch "$DATA"/orders.csv "$DATA"/events.csv "$DATA"/customers.csv | tail -1 | sed 's/^/input size: /'
echo "orders: $(($(wc -l < "$DATA/orders.csv") - 1)), events: $(($(wc -l < "$DATA/events.csv") - 1))"
# Warm the page cache so both tools read from memory.
cat "$DATA"/*.csv > /dev/null

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.$name" "$@" > "$WORK/stdout.$name"
  read -r secs kb < "$WORK/time.$name"
  echo "$name $secs $kb"
}

cat > "$WORK/duckdb_job.py" <<'PY'
import sys, duckdb
data, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"""
CREATE TABLE customers AS SELECT * FROM read_csv('{data}/customers.csv', header=true);
CREATE TABLE orders AS SELECT customer_id, ts::TIMESTAMP AS ts, amount::DECIMAL(18,2) AS amount,
  discount::DECIMAL(18,2) AS discount, category FROM read_csv('{data}/orders.csv', header=true);
CREATE TABLE ev AS SELECT customer_id, ts::TIMESTAMP AS ts, type,
  coalesce(nullif(channel, ''), split_part(type, '_', 1)) AS ch FROM read_csv('{data}/events.csv', header=true, all_varchar=true);
CREATE TABLE asof_t AS SELECT max(ts) AS t FROM (SELECT max(ts) ts FROM orders UNION ALL SELECT max(ts) FROM ev);
CREATE TABLE touches AS SELECT customer_id, ch, ts FROM ev WHERE type IN ('email_sent','sms_sent','push_sent','call');
CREATE TABLE responses AS SELECT customer_id, ch, ts FROM ev WHERE type IN ('email_open','email_click','email_reply','sms_click','sms_reply','push_open');
CREATE TABLE answered AS
  SELECT customer_id, count(*) AS answered, avg(epoch(first_resp) - epoch(touch_ts)) / 86400 AS resp_days FROM (
    SELECT r.customer_id, t.ch, t.ts AS touch_ts, min(r.ts) AS first_resp
    FROM responses r ASOF JOIN touches t ON r.customer_id = t.customer_id AND r.ch = t.ch AND r.ts >= t.ts
    GROUP BY ALL) WHERE first_resp - touch_ts <= INTERVAL 30 DAY GROUP BY customer_id;
CREATE TABLE conv AS
  SELECT t.customer_id, count(*) AS touches,
         count(*) FILTER (WHERE o.ts IS NOT NULL AND o.ts - t.ts <= INTERVAL 7 DAY) AS converted
  FROM touches t ASOF LEFT JOIN (SELECT customer_id, ts FROM orders WHERE amount >= 0) o
    ON t.customer_id = o.customer_id AND o.ts >= t.ts GROUP BY t.customer_id;
CREATE TABLE activity AS SELECT customer_id, max(ts) AS last_activity, count(DISTINCT type) AS types
  FROM ev WHERE type NOT IN ('email_sent','sms_sent','push_sent','call') GROUP BY customer_id;
CREATE TABLE purchases AS
  SELECT customer_id, count(*) FILTER (WHERE amount >= 0) AS orders, sum(amount) AS revenue,
         count(DISTINCT ts::DATE) FILTER (WHERE amount >= 0) AS days,
         min(ts::DATE) AS first_day, max(ts::DATE) AS last_day,
         count(DISTINCT category) AS categories, avg((discount > 0)::INT) AS discount_share
  FROM orders GROUP BY customer_id;
CREATE TABLE result AS
  SELECT c.customer_id, p.first_day, p.last_day, coalesce(p.orders, 0) AS orders, coalesce(p.revenue, 0) AS revenue,
         p.revenue / p.orders AS aov, p.days - 1 AS repeat_purchases, p.last_day - p.first_day AS recency_days,
         (SELECT t FROM asof_t)::DATE - p.first_day AS tenure_days,
         (SELECT t FROM asof_t)::DATE - p.last_day AS since_last,
         coalesce(cv.touches, 0) AS touches, coalesce(a.answered, 0) / cv.touches AS engagement_rate,
         a.resp_days, cv.converted / cv.touches AS conversion_rate,
         (SELECT t FROM asof_t)::DATE - greatest(act.last_activity, p.last_day)::DATE AS inactivity_days,
         coalesce(act.types, 0) AS usage_breadth, p.categories, p.discount_share
  FROM customers c LEFT JOIN purchases p USING (customer_id) LEFT JOIN conv cv USING (customer_id)
  LEFT JOIN answered a USING (customer_id) LEFT JOIN activity act USING (customer_id);
CREATE TABLE scored AS
  SELECT *, CASE WHEN orders > 0 THEN 1 + (5 * (rank() OVER (PARTITION BY orders > 0 ORDER BY since_last DESC) - 1)) // count(*) OVER (PARTITION BY orders > 0) END AS r_score,
            CASE WHEN orders > 0 THEN 1 + (5 * (rank() OVER (PARTITION BY orders > 0 ORDER BY orders) - 1)) // count(*) OVER (PARTITION BY orders > 0) END AS f_score,
            CASE WHEN orders > 0 THEN 1 + (5 * (rank() OVER (PARTITION BY orders > 0 ORDER BY revenue) - 1)) // count(*) OVER (PARTITION BY orders > 0) END AS m_score
  FROM result;
COPY scored TO '{out}/customers.csv' (HEADER);
""")
print(con.execute("SELECT count(*), sum(revenue) FROM scored").fetchone())
PY

mkdir -p "$WORK/out-strata" "$WORK/out-duckdb"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
S=$(measure strata "$STRATA" analyze "$DATA" --out "$WORK/out-strata")
D=$(measure duckdb "$WORK/venv/bin/python" "$WORK/duckdb_job.py" "$DATA" "$WORK/out-duckdb")
read -r _ ss sk <<< "$S"
read -r _ ds dk <<< "$D"
printf "%-8s %8s s %8d MB\n" strata "$ss" $((sk / 1024)) duckdb "$ds" $((dk / 1024))
echo "ratio strata/duckdb: time $(python3 -c "print(round($ss/$ds, 2))"), memory $(python3 -c "print(round($sk/$dk, 2))")"
