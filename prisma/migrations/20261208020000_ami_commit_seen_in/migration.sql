-- AlterTable: where the portal saw an AMI carry a commit: its own image sync, or CloudTrail's
-- record of a re-tag the sync missed between two passes.
ALTER TABLE "ami_commit" ADD COLUMN "seen_in" TEXT NOT NULL DEFAULT 'sync';

-- Written by hand below.
ALTER TABLE "ami_commit" ADD CONSTRAINT "ami_commit_seen_in_check" CHECK ("seen_in" IN ('sync', 'cloudtrail'));
