-- CreateTable
CREATE TABLE "audit_event" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "user_name" TEXT,
    "groups" TEXT[],
    "source_address" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "parameters" JSONB NOT NULL,
    "reason" TEXT,
    "outcome" TEXT NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "correlation_id" TEXT NOT NULL,
    "journal_id" TEXT,
    "duration_ms" INTEGER,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action_journal" (
    "id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "requested_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "approved_by" TEXT,
    "approved_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "result" JSONB,
    "error_code" TEXT,
    "error_message" TEXT,
    "correlation_id" TEXT NOT NULL,
    "preview_fingerprint" TEXT NOT NULL,
    "preview_summary" TEXT NOT NULL,

    CONSTRAINT "action_journal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "target_lock" (
    "target" TEXT NOT NULL,
    "journal_id" TEXT NOT NULL,
    "locked_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "target_lock_pkey" PRIMARY KEY ("target")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "user_name" TEXT NOT NULL,
    "groups" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_action_at_idx" ON "audit_event"("action", "at");

-- CreateIndex
CREATE INDEX "audit_event_target_at_idx" ON "audit_event"("target", "at");

-- CreateIndex
CREATE INDEX "audit_event_user_name_at_idx" ON "audit_event"("user_name", "at");

-- CreateIndex
CREATE INDEX "audit_event_correlation_id_idx" ON "audit_event"("correlation_id");

-- CreateIndex
CREATE UNIQUE INDEX "action_journal_idempotency_key_key" ON "action_journal"("idempotency_key");

-- CreateIndex
CREATE INDEX "action_journal_state_created_at_idx" ON "action_journal"("state", "created_at");

-- CreateIndex
CREATE INDEX "action_journal_target_created_at_idx" ON "action_journal"("target", "created_at");

-- CreateIndex
CREATE INDEX "action_journal_action_target_finished_at_idx" ON "action_journal"("action", "target", "finished_at");

-- CreateIndex
CREATE UNIQUE INDEX "target_lock_journal_id_key" ON "target_lock"("journal_id");

-- CreateIndex
CREATE INDEX "session_expires_at_idx" ON "session"("expires_at");

-- AddForeignKey
ALTER TABLE "target_lock" ADD CONSTRAINT "target_lock_journal_id_fkey" FOREIGN KEY ("journal_id") REFERENCES "action_journal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand below: schema.prisma cannot express CHECK constraints or triggers, and Prisma
-- Migrate leaves both alone when it compares the database with the schema.

-- The closed sets of values the code relies on.
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_outcome_check"
    CHECK ("outcome" IN ('allowed', 'denied', 'failed', 'succeeded', 'pending-approval', 'approved', 'rejected'));
ALTER TABLE "action_journal" ADD CONSTRAINT "action_journal_state_check"
    CHECK ("state" IN ('pending-approval', 'queued', 'running', 'reconciling', 'succeeded', 'failed', 'cancelled'));
-- A row is finished exactly when its state is final, so "unfinished" never depends on which column one reads.
ALTER TABLE "action_journal" ADD CONSTRAINT "action_journal_finished_check"
    CHECK (("finished_at" IS NULL) = ("state" IN ('pending-approval', 'queued', 'running', 'reconciling')));

-- The audit trail is append-only for every database user, the portal's own included.
CREATE FUNCTION "audit_event_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The default SQLSTATE (P0001, raise_exception) keeps this message intact through Prisma's
    -- error mapping; restrict_violation would be reported as a foreign key violation.
    RAISE EXCEPTION 'audit_event is append-only: % is refused', TG_OP
        USING HINT = 'Audit events are never changed or removed; record a new event instead.';
END;
$$;

CREATE TRIGGER "audit_event_append_only"
    BEFORE UPDATE OR DELETE ON "audit_event"
    FOR EACH ROW EXECUTE FUNCTION "audit_event_refuse_change"();

CREATE TRIGGER "audit_event_no_truncate"
    BEFORE TRUNCATE ON "audit_event"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_refuse_change"();
