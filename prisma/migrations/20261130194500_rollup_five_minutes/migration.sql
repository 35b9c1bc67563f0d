-- Issue 13, item 2: a five-minute rollup level beside the hourly and daily ones, so that `series`
-- reads at most a few raw minutes where a bucket edge falls inside an hour (docs/bench/series.md).
-- Kept by the same statement triggers, so late, out-of-order, corrected and deleted readings keep
-- it exact; kept like the other rollups when raw months are dropped (retention). No schema change:
-- `width_seconds` takes one more value (300).

CREATE OR REPLACE FUNCTION "reading_rollup_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reading_rollup AS r (indicator_id, width_seconds, bucket_start, count, sum, min, max, last_value, last_observed_at, last_id)
  SELECT n.indicator_id, w.s, date_bin(make_interval(secs => w.s), n.observed_at, TIMESTAMP '1970-01-01'),
         count(*)::int, sum(n.value::numeric), min(n.value), max(n.value),
         (array_agg(n.value ORDER BY n.observed_at DESC, n.id DESC))[1], max(n.observed_at),
         (array_agg(n.id ORDER BY n.observed_at DESC, n.id DESC))[1]
  FROM new_rows n CROSS JOIN (VALUES (300), (3600), (86400)) AS w(s)
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (indicator_id, width_seconds, bucket_start) DO UPDATE SET
    count = r.count + excluded.count,
    sum = r.sum + excluded.sum,
    min = LEAST(r.min, excluded.min),
    max = GREATEST(r.max, excluded.max),
    last_value = CASE WHEN (excluded.last_observed_at, excluded.last_id) > (r.last_observed_at, r.last_id) THEN excluded.last_value ELSE r.last_value END,
    last_id = CASE WHEN (excluded.last_observed_at, excluded.last_id) > (r.last_observed_at, r.last_id) THEN excluded.last_id ELSE r.last_id END,
    last_observed_at = GREATEST(r.last_observed_at, excluded.last_observed_at);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "reading_rollup_recompute"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS reading_rollup_touched (indicator_id text, width_seconds int, bucket_start timestamp(3)) ON COMMIT DROP;
  TRUNCATE reading_rollup_touched;
  INSERT INTO reading_rollup_touched
  SELECT DISTINCT o.indicator_id, w.s, date_bin(make_interval(secs => w.s), o.observed_at, TIMESTAMP '1970-01-01')
  FROM old_rows o CROSS JOIN (VALUES (300), (3600), (86400)) AS w(s);
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO reading_rollup_touched
    SELECT DISTINCT n.indicator_id, w.s, date_bin(make_interval(secs => w.s), n.observed_at, TIMESTAMP '1970-01-01')
    FROM new_rows n CROSS JOIN (VALUES (300), (3600), (86400)) AS w(s);
  END IF;
  DELETE FROM reading_rollup r USING reading_rollup_touched t
  WHERE r.indicator_id = t.indicator_id AND r.width_seconds = t.width_seconds AND r.bucket_start = t.bucket_start;
  INSERT INTO reading_rollup (indicator_id, width_seconds, bucket_start, count, sum, min, max, last_value, last_observed_at, last_id)
  SELECT t.indicator_id, t.width_seconds, t.bucket_start, count(*)::int, sum(x.value::numeric), min(x.value), max(x.value),
         (array_agg(x.value ORDER BY x.observed_at DESC, x.id DESC))[1], max(x.observed_at),
         (array_agg(x.id ORDER BY x.observed_at DESC, x.id DESC))[1]
  FROM (SELECT DISTINCT * FROM reading_rollup_touched) t
  JOIN reading x ON x.indicator_id = t.indicator_id AND x.observed_at >= t.bucket_start
                AND x.observed_at < t.bucket_start + make_interval(secs => t.width_seconds)
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3;
  RETURN NULL;
END $$;

-- Backfill: the five-minute buckets of the readings already stored. Months whose raw readings
-- retention dropped get none; there the parts of an hour cut by a bucket edge stay unread, as
-- they were when `series` read them raw.
INSERT INTO reading_rollup (indicator_id, width_seconds, bucket_start, count, sum, min, max, last_value, last_observed_at, last_id)
SELECT x.indicator_id, 300, date_bin(interval '5 minutes', x.observed_at, TIMESTAMP '1970-01-01'),
       count(*)::int, sum(x.value::numeric), min(x.value), max(x.value),
       (array_agg(x.value ORDER BY x.observed_at DESC, x.id DESC))[1], max(x.observed_at),
       (array_agg(x.id ORDER BY x.observed_at DESC, x.id DESC))[1]
FROM reading x
GROUP BY 1, 2, 3
ON CONFLICT (indicator_id, width_seconds, bucket_start) DO NOTHING;
