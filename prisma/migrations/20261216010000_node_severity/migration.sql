-- How bad a node is by its reasons, so nodes of one status sort worst first; 0 until the next health evaluation.
-- DropIndex
DROP INDEX "node_status_rank_instance_id_idx";

-- AlterTable
ALTER TABLE "node" ADD COLUMN     "severity" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "node_status_rank_severity_instance_id_idx" ON "node"("status_rank", "severity", "instance_id");
