-- A node's Auto Scaling and EC2 status readings are written only when they change. While a source
-- still lists the node, it was seen at that source's last good read (sync_source), so a pass where
-- nothing changed writes no node rows.
-- AlterTable
ALTER TABLE "node" ADD COLUMN     "region" TEXT,
ADD COLUMN     "ec2_listed" BOOLEAN NOT NULL DEFAULT false;

-- The group's region, as the next group copy would write it.
UPDATE "node" AS n SET "region" = g."region" FROM "asg" AS g WHERE g."name" = n."asg_name";

-- Listed by the last good status read of its account and region: stamped during that read.
UPDATE "node" AS n SET "ec2_listed" = true
  FROM "sync_source" AS s
 WHERE s."kind" = 'ec2.instance-status' AND s."account_id" = n."account_id" AND s."region" = n."region"
   AND n."ec2_observed_at" >= s."last_success_at" - COALESCE(s."last_duration_ms", 0) * INTERVAL '1 millisecond';

-- The group copy no longer stamps each live node with its source's last read: the instance's own time.
UPDATE "node" AS n SET "asg_observed_at" = i."last_seen_at"
  FROM "asg_instance" AS i
 WHERE i."instance_id" = n."instance_id" AND n."asg_observed_at" IS NOT NULL;
