-- What each sync spent of AWS's request buckets, written with its freshness: the calls of its last
-- run per account, region and API (throttled ones counted), how the portal paced each account's
-- service, and the interval the source runs at now, from which calls per minute are worked out.
ALTER TABLE "sync_source" ADD COLUMN "last_calls" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "sync_source" ADD COLUMN "last_pacing" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "sync_source" ADD COLUMN "current_interval_ms" INTEGER;
