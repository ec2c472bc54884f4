-- AlterTable
ALTER TABLE "sync_source" ADD COLUMN     "lease_owner" TEXT,
ADD COLUMN     "lease_until" TIMESTAMP(3);
