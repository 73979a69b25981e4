-- The per-key quota's SQL on 10,000 stored answers of one key (the record cap) among 210,000.
-- psql -h 127.0.0.1 -p 55432 -U articles -d articles -f quota.sql   (temporary tables only)
CREATE TEMP TABLE idempotency_records (api_key_id uuid NOT NULL, key_hash bytea NOT NULL, fingerprint bytea NOT NULL,
    status_code int, answer bytea, size int NOT NULL, created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL,
    PRIMARY KEY (api_key_id, key_hash));
CREATE INDEX ON idempotency_records (api_key_id, created_at, key_hash) INCLUDE (size, status_code, expires_at);
CREATE TEMP TABLE idempotency_usage (api_key_id uuid PRIMARY KEY, bytes bigint NOT NULL, records int NOT NULL);
INSERT INTO idempotency_records SELECT '00000000-0000-0000-0000-000000000001', sha256(i::text::bytea), sha256(i::text::bytea),
    201, NULL, 5000, now() - (i || ' s')::interval, now() + interval '20 h' FROM generate_series(1, 10000) i;
INSERT INTO idempotency_records SELECT ('00000000-0000-0000-0000-0000000000' || lpad((i % 20 + 10)::text, 2, '0'))::uuid,
    sha256(i::text::bytea), sha256(i::text::bytea), 201, NULL, 5000, now() - (i || ' s')::interval, now() + interval '20 h'
    FROM generate_series(1, 200000) i;
INSERT INTO idempotency_usage VALUES ('00000000-0000-0000-0000-000000000001', 5000 * 9000, 9000);
ANALYZE idempotency_records;
\timing on
-- An ordinary write: one upsert of the usage row.
BEGIN;
INSERT INTO idempotency_usage AS u (api_key_id, bytes, records) VALUES ('00000000-0000-0000-0000-000000000001', 5000, 1)
ON CONFLICT (api_key_id) DO UPDATE SET bytes = u.bytes + excluded.bytes, records = u.records + 1 RETURNING bytes, records;
ROLLBACK;
-- A write that passes the cap: evict down to 9,000 and recount (once per ~1,000 writes at the cap).
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF) DELETE FROM idempotency_records WHERE ctid = ANY(ARRAY(
  SELECT ctid FROM idempotency_records WHERE api_key_id = '00000000-0000-0000-0000-000000000001' AND key_hash <> '\x00'
  AND (expires_at <= now() OR key_hash IN (SELECT key_hash FROM (SELECT key_hash, sum(size) OVER newest AS kept_bytes,
       row_number() OVER newest AS kept_records FROM idempotency_records
     WHERE api_key_id = '00000000-0000-0000-0000-000000000001' AND key_hash <> '\x00' AND status_code IS NOT NULL AND expires_at > now()
     WINDOW newest AS (ORDER BY created_at DESC, key_hash DESC ROWS UNBOUNDED PRECEDING)) ranked
     WHERE kept_bytes > 52428800 - 5242880 - 5000 OR kept_records > 10000 - 1000 - 1))
  FOR UPDATE SKIP LOCKED));
UPDATE idempotency_usage SET (bytes, records) = (SELECT coalesce(sum(size), 0), count(*) FROM idempotency_records
    WHERE api_key_id = '00000000-0000-0000-0000-000000000001' AND status_code IS NOT NULL)
    WHERE api_key_id = '00000000-0000-0000-0000-000000000001';
ROLLBACK;
