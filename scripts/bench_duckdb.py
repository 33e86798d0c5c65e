"""The DuckDB reference jobs of scripts/bench.sh, on the files of `strata generate`.

Usage: bench_duckdb.py read|plain|equivalent DATA OUT

- read: the three files into typed tables (ids as text, timestamps, amounts as decimals) and
  nothing else — the phase `strata analyze` spends before its feature pass.
- plain: what a SQL user writes for RFM: per customer purchases, revenue, days since the last
  purchase, the three RFM scores (same tie rule as strata: rank), the 11 named segments, and
  per-customer event counts (all events, distinct types); one CSV row per customer.
- equivalent: the per-customer features strata computes (purchases, revenue, distinct purchase
  days, first/last purchase, tenure, categories, discount share, touches, answered touches and
  response time by ASOF join, conversions by ASOF join, last activity, usage breadth) and the RFM
  scores; one CSV row per customer.

Prints the wall time of the job inside Python (after `import duckdb`) on its last line.
"""
import sys
import time

import duckdb

READ = """
CREATE TABLE customers AS SELECT * FROM read_csv('{data}/customers.csv', header=true, all_varchar=true);
CREATE TABLE orders AS SELECT * FROM read_csv('{data}/orders.csv', header=true, columns={{
  'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DECIMAL(18,2)',
  'discount': 'DECIMAL(18,2)', 'category': 'VARCHAR'}});
CREATE TABLE events AS SELECT * FROM read_csv('{data}/events.csv', header=true, columns={{
  'event_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'type': 'VARCHAR',
  'channel': 'VARCHAR', 'value': 'DOUBLE'}});
"""

SCORES = """
CREATE TABLE scored AS
  SELECT *,
    CASE WHEN orders > 0 THEN 1 + (5 * (rank() OVER (PARTITION BY orders > 0 ORDER BY since_last DESC) - 1)) // count(*) OVER (PARTITION BY orders > 0) END AS r_score,
    CASE WHEN orders > 0 THEN 1 + (5 * (rank() OVER (PARTITION BY orders > 0 ORDER BY orders) - 1)) // count(*) OVER (PARTITION BY orders > 0) END AS f_score,
    CASE WHEN orders > 0 THEN 1 + (5 * (rank() OVER (PARTITION BY orders > 0 ORDER BY revenue) - 1)) // count(*) OVER (PARTITION BY orders > 0) END AS m_score
  FROM result;
"""

PLAIN = READ + """
CREATE TABLE asof_t AS SELECT greatest((SELECT max(ts) FROM orders), (SELECT max(ts) FROM events)) AS t;
CREATE TABLE result AS
  WITH p AS (SELECT customer_id, count(*) FILTER (WHERE amount >= 0) AS orders, sum(amount) AS revenue,
                    max(ts) FILTER (WHERE amount >= 0) AS last_ts FROM orders GROUP BY customer_id),
       e AS (SELECT customer_id, count(*) AS events, count(DISTINCT type) AS event_types FROM events GROUP BY customer_id)
  SELECT c.customer_id, coalesce(p.orders, 0) AS orders, coalesce(p.revenue, 0) AS revenue,
         (SELECT t FROM asof_t)::DATE - p.last_ts::DATE AS since_last,
         coalesce(e.events, 0) AS events, coalesce(e.event_types, 0) AS event_types
  FROM customers c LEFT JOIN p USING (customer_id) LEFT JOIN e USING (customer_id);
""" + SCORES + """
COPY (SELECT *, CASE
    WHEN orders = 0 THEN 'No Purchase'
    WHEN r_score >= 4 AND (f_score + m_score + 1) // 2 >= 4 THEN 'Champions'
    WHEN r_score >= 3 AND (f_score + m_score + 1) // 2 >= 3 THEN 'Loyal Customers'
    WHEN r_score >= 4 AND (f_score + m_score + 1) // 2 = 2 THEN 'Potential Loyalist'
    WHEN r_score = 5 THEN 'New Customers'
    WHEN r_score = 4 THEN 'Promising'
    WHEN r_score = 3 AND (f_score + m_score + 1) // 2 = 2 THEN 'Need Attention'
    WHEN r_score = 3 THEN 'About To Sleep'
    WHEN r_score = 1 AND (f_score + m_score + 1) // 2 >= 4 THEN 'Can''t Lose Them'
    WHEN (f_score + m_score + 1) // 2 >= 3 THEN 'At Risk'
    WHEN r_score = 2 THEN 'Hibernating'
    ELSE 'Lost' END AS segment
  FROM scored) TO '{out}/customers.csv' (HEADER);
"""

EQUIVALENT = READ + """
CREATE TABLE ev AS SELECT customer_id, ts, type, coalesce(nullif(channel, ''), split_part(type, '_', 1)) AS ch FROM events;
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
""" + SCORES + """
COPY scored TO '{out}/customers.csv' (HEADER);
"""

JOBS = {"read": READ, "plain": PLAIN, "equivalent": EQUIVALENT}

if __name__ == "__main__":
    job, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
    start = time.perf_counter()
    con = duckdb.connect()
    con.execute(JOBS[job].format(data=data, out=out))
    print(f"{job} {time.perf_counter() - start:.2f}")
