-- The process executing or reconciling an unfinished action, and until when it is taken to be alive.
-- AlterTable
ALTER TABLE "action_journal" ADD COLUMN     "lease_owner" TEXT,
ADD COLUMN     "lease_until" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "action_journal_state_lease_until_idx" ON "action_journal"("state", "lease_until");
