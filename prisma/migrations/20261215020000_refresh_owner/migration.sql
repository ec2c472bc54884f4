-- The action that started a refresh: a refresh belongs to one action at most.
-- AlterTable
ALTER TABLE "instance_refresh" ADD COLUMN     "journal_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "instance_refresh_journal_id_key" ON "instance_refresh"("journal_id");
