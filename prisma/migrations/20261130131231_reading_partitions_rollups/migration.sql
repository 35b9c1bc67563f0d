-- Issue 13, items 2 and 6: readings partitioned by month, idempotency keys in their own table,
-- and per-indicator hour and day rollups kept current by the writers' own statements.
-- Applies on a database holding readings: they are copied into the partitioned table (which
-- fills the rollups through the insert trigger) and the old table is dropped.

-- ── Rollups: one row per indicator, width (3600 s, 86400 s) and UTC-aligned bucket start ──
CREATE TABLE "reading_rollup" (
    "indicator_id" TEXT NOT NULL,
    "width_seconds" INTEGER NOT NULL,
    "bucket_start" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "sum" NUMERIC NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "last_value" DOUBLE PRECISION NOT NULL,
    "last_observed_at" TIMESTAMP(3) NOT NULL,
    "last_id" BIGINT NOT NULL,

    CONSTRAINT "reading_rollup_pkey" PRIMARY KEY ("indicator_id", "width_seconds", "bucket_start")
);
ALTER TABLE "reading_rollup" ADD CONSTRAINT "reading_rollup_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ── Idempotency keys: unique per indicator whatever the month the reading falls in ──
CREATE TABLE "reading_key" (
    "indicator_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "reading_key_pkey" PRIMARY KEY ("indicator_id", "key")
);
ALTER TABLE "reading_key" ADD CONSTRAINT "reading_key_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ── The readings table, partitioned by month of observed_at ──
ALTER TABLE "reading" RENAME TO "reading_unpartitioned";
ALTER TABLE "reading_unpartitioned" RENAME CONSTRAINT "reading_pkey" TO "reading_unpartitioned_pkey";
ALTER TABLE "reading_unpartitioned" RENAME CONSTRAINT "reading_indicator_id_fkey" TO "reading_unpartitioned_indicator_id_fkey";
ALTER INDEX "reading_indicator_id_observed_at_idx" RENAME TO "reading_unpartitioned_indicator_id_observed_at_idx";
ALTER INDEX "reading_indicator_id_key_key" RENAME TO "reading_unpartitioned_indicator_id_key_key";
ALTER SEQUENCE "reading_id_seq" OWNED BY NONE;

CREATE TABLE "reading" (
    "id" BIGINT NOT NULL DEFAULT nextval('reading_id_seq'),
    "indicator_id" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "observed_at" TIMESTAMP(3) NOT NULL,
    "key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reading_pkey" PRIMARY KEY ("id", "observed_at")
) PARTITION BY RANGE ("observed_at");
ALTER SEQUENCE "reading_id_seq" OWNED BY "reading"."id";
CREATE INDEX "reading_indicator_id_observed_at_idx" ON "reading"("indicator_id", "observed_at");
ALTER TABLE "reading" ADD CONSTRAINT "reading_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Rows of a month with no partition yet land here; reading_partitions_ensure moves them out.
CREATE TABLE "reading_default" PARTITION OF "reading" DEFAULT;

-- Adds a statement's new readings to the rollups: one set-based upsert per statement. The
-- latest reading of a bucket is the greatest (observed_at, id), as `series` orders them.
CREATE FUNCTION "reading_rollup_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reading_rollup AS r (indicator_id, width_seconds, bucket_start, count, sum, min, max, last_value, last_observed_at, last_id)
  SELECT n.indicator_id, w.s, date_bin(make_interval(secs => w.s), n.observed_at, TIMESTAMP '1970-01-01'),
         count(*)::int, sum(n.value::numeric), min(n.value), max(n.value),
         (array_agg(n.value ORDER BY n.observed_at DESC, n.id DESC))[1], max(n.observed_at),
         (array_agg(n.id ORDER BY n.observed_at DESC, n.id DESC))[1]
  FROM new_rows n CROSS JOIN (VALUES (3600), (86400)) AS w(s)
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

-- Recomputes from the raw readings the buckets that updated or deleted readings were (and now
-- are) in. A bucket lies inside one month, so inside one partition: its raw rows are all there.
CREATE FUNCTION "reading_rollup_recompute"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS reading_rollup_touched (indicator_id text, width_seconds int, bucket_start timestamp(3)) ON COMMIT DROP;
  TRUNCATE reading_rollup_touched;
  INSERT INTO reading_rollup_touched
  SELECT DISTINCT o.indicator_id, w.s, date_bin(make_interval(secs => w.s), o.observed_at, TIMESTAMP '1970-01-01')
  FROM old_rows o CROSS JOIN (VALUES (3600), (86400)) AS w(s);
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO reading_rollup_touched
    SELECT DISTINCT n.indicator_id, w.s, date_bin(make_interval(secs => w.s), n.observed_at, TIMESTAMP '1970-01-01')
    FROM new_rows n CROSS JOIN (VALUES (3600), (86400)) AS w(s);
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

CREATE FUNCTION "reading_rollup_clear"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM reading_rollup;
  RETURN NULL;
END $$;

CREATE TRIGGER "reading_rollup_insert" AFTER INSERT ON "reading" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "reading_rollup_add"();
CREATE TRIGGER "reading_rollup_update" AFTER UPDATE ON "reading" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "reading_rollup_recompute"();
CREATE TRIGGER "reading_rollup_delete" AFTER DELETE ON "reading" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "reading_rollup_recompute"();
CREATE TRIGGER "reading_rollup_truncate" AFTER TRUNCATE ON "reading" FOR EACH STATEMENT EXECUTE FUNCTION "reading_rollup_clear"();

-- Creates the monthly partitions from the month of `first_month` to that of `last_month` that do
-- not exist yet, and the months of any rows waiting in the default partition before them; rows
-- of a new partition's month that wait in the default partition move into it. Serialised by an
-- advisory lock, so replicas starting together create each partition once. Returns how many it created.
CREATE FUNCTION "reading_partitions_ensure"(first_month date, last_month date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m date;
  upper date;
  part text;
  created integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('reading_partitions'));
  SELECT least(date_trunc('month', first_month)::date, coalesce(date_trunc('month', min(observed_at))::date, first_month))
    INTO m FROM reading_default;
  m := date_trunc('month', m)::date;
  WHILE m <= last_month LOOP
    upper := (m + interval '1 month')::date;
    part := 'reading_' || to_char(m, 'YYYY_MM');
    IF to_regclass(quote_ident(part)) IS NULL THEN
      IF EXISTS (SELECT 1 FROM reading_default WHERE observed_at >= m AND observed_at < upper) THEN
        EXECUTE format('CREATE TABLE %I (LIKE reading INCLUDING DEFAULTS)', part);
        EXECUTE format('WITH moved AS (DELETE FROM reading_default WHERE observed_at >= %L AND observed_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved', m, upper, part);
        EXECUTE format('ALTER TABLE reading ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, m, upper);
      ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)', part, m, upper);
      END IF;
      created := created + 1;
    END IF;
    m := upper;
  END LOOP;
  RETURN created;
END $$;

-- Drops the monthly partitions that end on or before `cutoff` (retention); the rollups stay.
-- Returns the names of the partitions dropped.
CREATE FUNCTION "reading_partitions_drop_before"(cutoff date) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  part text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('reading_partitions'));
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'reading'::regclass AND c.relname ~ '^reading_[0-9]{4}_[0-9]{2}$'
      AND (to_date(substr(c.relname, 9), 'YYYY_MM') + interval '1 month')::date <= cutoff
    ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TABLE %I', part);
    RETURN NEXT part;
  END LOOP;
END $$;

-- The months of the existing readings, and this month and the next two.
SELECT "reading_partitions_ensure"(
  coalesce((SELECT min(observed_at)::date FROM reading_unpartitioned), (now() AT TIME ZONE 'UTC')::date),
  (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months')::date
);

-- The existing readings (same ids; the insert trigger fills the rollups) and their keys.
INSERT INTO "reading" ("id", "indicator_id", "value", "observed_at", "key", "created_at")
SELECT "id", "indicator_id", "value", "observed_at", "key", "created_at" FROM "reading_unpartitioned" ORDER BY "id";
INSERT INTO "reading_key" ("indicator_id", "key")
SELECT "indicator_id", "key" FROM "reading_unpartitioned" WHERE "key" IS NOT NULL;
DROP TABLE "reading_unpartitioned";
