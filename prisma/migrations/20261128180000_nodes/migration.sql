-- CreateTable
CREATE TABLE "node" (
    "instance_id" TEXT NOT NULL,
    "account_id" TEXT,
    "asg_name" TEXT,
    "worker_type" TEXT,
    "availability_zone" TEXT,
    "image_id" TEXT,
    "private_ip" TEXT,
    "launch_time" TIMESTAMP(3),
    "lifecycle_state" TEXT,
    "health_status" TEXT,
    "asg_observed_at" TIMESTAMP(3),
    "ec2_state" TEXT,
    "ec2_system_status" TEXT,
    "ec2_instance_status" TEXT,
    "ec2_events" JSONB,
    "ec2_observed_at" TIMESTAMP(3),
    "agent_present" BOOLEAN,
    "agent_offline" BOOLEAN,
    "agent_temporarily_offline" BOOLEAN,
    "agent_offline_cause" TEXT,
    "agent_offline_since" TIMESTAMP(3),
    "agent_executors" INTEGER,
    "agent_busy_executors" INTEGER,
    "agent_observed_at" TIMESTAMP(3),
    "exporter_up" BOOLEAN,
    "exporter_error" TEXT,
    "disk_used_percent" DOUBLE PRECISION,
    "inodes_used_percent" DOUBLE PRECISION,
    "load_per_core" DOUBLE PRECISION,
    "memory_available_percent" DOUBLE PRECISION,
    "disk_full_in_hours" DOUBLE PRECISION,
    "inodes_full_in_hours" DOUBLE PRECISION,
    "boot_time" TIMESTAMP(3),
    "exporter_observed_at" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'unknown',
    "status_rank" INTEGER NOT NULL DEFAULT 1,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "reason_codes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status_since" TIMESTAMP(3) NOT NULL,
    "evaluated_at" TIMESTAMP(3) NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "gone_at" TIMESTAMP(3),

    CONSTRAINT "node_pkey" PRIMARY KEY ("instance_id")
);

-- CreateTable
CREATE TABLE "node_status_change" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,

    CONSTRAINT "node_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "node_finding" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "instance_id" TEXT,
    "agent_name" TEXT,
    "message" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "resolved_at" TIMESTAMP(3),

    CONSTRAINT "node_finding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "node_status_rank_instance_id_idx" ON "node"("status_rank", "instance_id");

-- CreateIndex
CREATE INDEX "node_worker_type_idx" ON "node"("worker_type");

-- CreateIndex
CREATE INDEX "node_asg_name_idx" ON "node"("asg_name");

-- CreateIndex
CREATE INDEX "node_status_change_instance_id_at_idx" ON "node_status_change"("instance_id", "at");

-- CreateIndex
CREATE INDEX "node_finding_resolved_at_kind_idx" ON "node_finding"("resolved_at", "kind");

-- AddForeignKey
ALTER TABLE "node_status_change" ADD CONSTRAINT "node_status_change_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "node"("instance_id") ON DELETE CASCADE ON UPDATE CASCADE;
