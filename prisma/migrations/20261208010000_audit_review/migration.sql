-- AlterTable: each event's place in the hash chain, and where it was recorded from.
ALTER TABLE "audit_event" ADD COLUMN "seq" BIGINT,
ADD COLUMN "prev_hash" TEXT,
ADD COLUMN "hash" TEXT,
ADD COLUMN "source" TEXT NOT NULL DEFAULT 'portal';

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_attempt" (
    "correlation_id" TEXT NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "last_at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "user_name" TEXT,
    "source_address" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "reason" TEXT,
    "outcome" TEXT NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "decided_by" TEXT,
    "journal_id" TEXT,
    "event_count" INTEGER NOT NULL,
    "noise" BOOLEAN NOT NULL,

    CONSTRAINT "audit_attempt_pkey" PRIMARY KEY ("correlation_id")
);

-- CreateTable
CREATE TABLE "audit_archive" (
    "id" TEXT NOT NULL,
    "archived_at" TIMESTAMP(3) NOT NULL,
    "before" TIMESTAMP(3) NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "last_hash" TEXT NOT NULL,
    "event_count" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "file_sha256" TEXT NOT NULL,

    CONSTRAINT "audit_archive_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_seq_key" ON "audit_event"("seq");

-- CreateIndex
CREATE INDEX "audit_attempt_started_at_first_seq_idx" ON "audit_attempt"("started_at", "first_seq");

-- CreateIndex
CREATE INDEX "audit_attempt_user_name_started_at_first_seq_idx" ON "audit_attempt"("user_name", "started_at", "first_seq");

-- CreateIndex
CREATE INDEX "audit_attempt_action_started_at_first_seq_idx" ON "audit_attempt"("action", "started_at", "first_seq");

-- CreateIndex
CREATE INDEX "audit_attempt_target_started_at_first_seq_idx" ON "audit_attempt"("target", "started_at", "first_seq");

-- CreateIndex
CREATE INDEX "audit_attempt_outcome_started_at_first_seq_idx" ON "audit_attempt"("outcome", "started_at", "first_seq");

-- CreateIndex
CREATE INDEX "audit_attempt_last_seq_idx" ON "audit_attempt"("last_seq");

-- CreateIndex
CREATE UNIQUE INDEX "audit_archive_first_seq_key" ON "audit_archive"("first_seq");

-- Written by hand below: schema.prisma cannot express partial or expression indexes, functions or
-- triggers, and Prisma Migrate leaves them alone.

-- The default view folds sign-ins and sign-outs away: an index of the other attempts only keeps it
-- fast however many failed sign-ins someone makes up. (schema.prisma declares it without its predicate.)
CREATE INDEX "audit_attempt_signal_idx" ON "audit_attempt"("started_at", "first_seq") WHERE NOT "noise";

-- Searching the reasons given: words, in any language (the 'simple' configuration stems nothing).
CREATE INDEX "audit_attempt_reason_search_idx" ON "audit_attempt" USING GIN (to_tsvector('simple', coalesce("reason", '')));

ALTER TABLE "audit_attempt" ADD CONSTRAINT "audit_attempt_outcome_check"
    CHECK ("outcome" IN ('allowed', 'denied', 'failed', 'succeeded', 'pending-approval', 'approved', 'rejected'));
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_source_check" CHECK ("source" IN ('portal', 'cloudtrail'));
ALTER TABLE "audit_chain_head" ADD CONSTRAINT "audit_chain_head_single_row" CHECK ("id" = 1);

-- The hash chain. Every event hashes its own content with the previous event's hash, so changing,
-- removing or reordering any event breaks every later link. The content is the row as JSON in a
-- fixed column order; jsonb renders timestamps in ISO 8601 whatever the session's DateStyle.
CREATE FUNCTION "audit_event_content"(e "audit_event") RETURNS text LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_array(e.seq, e.id, e.at, e.source, e.user_name, e.groups, e.source_address, e.action, e.target,
                             e.parameters, e.reason, e.outcome, e.error_code, e.error_message, e.correlation_id,
                             e.journal_id, e.duration_ms)::text
$$;

CREATE FUNCTION "audit_event_link_hash"(prev_hash text, e "audit_event") RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(prev_hash || audit_event_content(e), 'UTF8')), 'hex')
$$;

INSERT INTO "audit_chain_head" ("id", "seq", "hash") VALUES (1, 0, repeat('0', 64));

-- Numbered and linked in the database, under the chain head's row lock, so concurrent writers
-- (several portal replicas, the worker) queue up and can never fork the chain.
CREATE FUNCTION "audit_event_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head "audit_chain_head"%ROWTYPE;
BEGIN
    SELECT * INTO head FROM "audit_chain_head" WHERE "id" = 1 FOR UPDATE;
    NEW.seq := head.seq + 1;
    NEW.prev_hash := head.hash;
    NEW.hash := audit_event_link_hash(head.hash, NEW);
    UPDATE "audit_chain_head" SET "seq" = NEW.seq, "hash" = NEW.hash WHERE "id" = 1;
    RETURN NEW;
END;
$$;

-- One attempt, one line: every event of a correlation id folds into its attempt. Only events of
-- the attempt's own action move its outcome (a refused approval of a request does not), and a
-- replayed request or an "allowed" never hides an outcome already known.
CREATE FUNCTION "audit_attempt_fold"(e "audit_event") RETURNS void LANGUAGE sql AS $$
    INSERT INTO "audit_attempt" AS a ("correlation_id", "first_seq", "last_seq", "started_at", "last_at", "source", "user_name",
                                      "source_address", "action", "target", "reason", "outcome", "error_code", "error_message",
                                      "decided_by", "journal_id", "event_count", "noise")
    VALUES (e.correlation_id, e.seq, e.seq, e.at, e.at, e.source, e.user_name, e.source_address, e.action, e.target, e.reason,
            e.outcome, e.error_code, e.error_message, CASE WHEN e.outcome IN ('approved', 'rejected') THEN e.user_name END,
            e.journal_id, 1, e.action IN ('auth.signIn', 'auth.signOut'))
    ON CONFLICT ("correlation_id") DO UPDATE SET
        "last_seq" = EXCLUDED.last_seq,
        "last_at" = greatest(a.last_at, EXCLUDED.last_at),
        "event_count" = a.event_count + 1,
        "journal_id" = coalesce(a.journal_id, EXCLUDED.journal_id),
        "decided_by" = coalesce(EXCLUDED.decided_by, a.decided_by),
        "outcome" = CASE WHEN EXCLUDED.action = a.action AND EXCLUDED.outcome <> 'allowed' THEN EXCLUDED.outcome ELSE a.outcome END,
        "error_code" = CASE WHEN EXCLUDED.action = a.action AND EXCLUDED.outcome <> 'allowed' THEN EXCLUDED.error_code ELSE a.error_code END,
        "error_message" = CASE WHEN EXCLUDED.action = a.action AND EXCLUDED.outcome <> 'allowed' THEN EXCLUDED.error_message ELSE a.error_message END
$$;

CREATE FUNCTION "audit_attempt_fold_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM audit_attempt_fold(NEW);
    RETURN NULL;
END;
$$;

-- The events recorded before the chain existed, linked in the order they were recorded.
ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_append_only";
DO $$
DECLARE
    e "audit_event";
    prev text := repeat('0', 64);
    n bigint := 0;
BEGIN
    FOR e IN SELECT * FROM "audit_event" ORDER BY "at", "id" LOOP
        n := n + 1;
        e.seq := n;
        e.prev_hash := prev;
        e.hash := audit_event_link_hash(prev, e);
        UPDATE "audit_event" SET "seq" = e.seq, "prev_hash" = e.prev_hash, "hash" = e.hash WHERE "id" = e.id;
        prev := e.hash;
    END LOOP;
    UPDATE "audit_chain_head" SET "seq" = n, "hash" = prev WHERE "id" = 1;
END;
$$;
ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_append_only";

-- Every event is linked from now on; the chain is what makes the trail trustworthy.
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_linked_check" CHECK ("seq" IS NOT NULL AND "prev_hash" IS NOT NULL AND "hash" IS NOT NULL);

CREATE TRIGGER "audit_event_chain"
    BEFORE INSERT ON "audit_event"
    FOR EACH ROW EXECUTE FUNCTION "audit_event_chain"();

CREATE TRIGGER "audit_attempt_fold"
    AFTER INSERT ON "audit_event"
    FOR EACH ROW EXECUTE FUNCTION "audit_attempt_fold_new"();

-- The attempts of the events already recorded, folded in the same order.
DO $$
DECLARE
    e "audit_event";
BEGIN
    FOR e IN SELECT * FROM "audit_event" ORDER BY "seq" LOOP
        PERFORM audit_attempt_fold(e);
    END LOOP;
END;
$$;

-- Retention: the only way past the append-only trigger. An event may be deleted once an archive
-- row covers it, and an archive row is written only with the checksum of the file that holds its
-- events (packages/db/src/audit-retention.ts). UPDATE and TRUNCATE stay refused for everyone.
CREATE OR REPLACE FUNCTION "audit_event_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM "audit_archive" a WHERE OLD.seq BETWEEN a.first_seq AND a.last_seq) THEN
            RETURN OLD;
        END IF;
    END IF;
    -- The default SQLSTATE (P0001, raise_exception) keeps this message intact through Prisma's
    -- error mapping; restrict_violation would be reported as a foreign key violation.
    RAISE EXCEPTION 'audit_event is append-only: % is refused', TG_OP
        USING HINT = 'Audit events are never changed or removed; record a new event instead. Old events leave only through the retention archive.';
END;
$$;

-- Archives are the trail's memory of what left it: append-only as well.
CREATE FUNCTION "audit_archive_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_archive is append-only: % is refused', TG_OP;
END;
$$;

CREATE TRIGGER "audit_archive_append_only"
    BEFORE UPDATE OR DELETE ON "audit_archive"
    FOR EACH ROW EXECUTE FUNCTION "audit_archive_refuse_change"();

CREATE TRIGGER "audit_archive_no_truncate"
    BEFORE TRUNCATE ON "audit_archive"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_archive_refuse_change"();
