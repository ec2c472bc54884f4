-- What a source said was missing from an answer that otherwise worked (Prometheus's warnings, a query
-- that could not be read), from its last good sync; empty when it said nothing.
ALTER TABLE "sync_source" ADD COLUMN "last_warnings" TEXT[] DEFAULT ARRAY[]::TEXT[];
