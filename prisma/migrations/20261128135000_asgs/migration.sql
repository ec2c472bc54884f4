-- CreateTable
CREATE TABLE "asg" (
    "name" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "worker_type" TEXT,
    "min_size" INTEGER NOT NULL,
    "max_size" INTEGER NOT NULL,
    "desired_capacity" INTEGER NOT NULL,
    "launch_template_id" TEXT,
    "launch_template_name" TEXT,
    "launch_template_version" TEXT,
    "image_id" TEXT,
    "image_source" TEXT,
    "tags" JSONB NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "gone_at" TIMESTAMP(3),

    CONSTRAINT "asg_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "asg_instance" (
    "instance_id" TEXT NOT NULL,
    "asg_name" TEXT NOT NULL,
    "availability_zone" TEXT NOT NULL,
    "lifecycle_state" TEXT NOT NULL,
    "health_status" TEXT NOT NULL,
    "launch_template_version" TEXT,
    "image_id" TEXT,
    "private_ip" TEXT,
    "launch_time" TIMESTAMP(3),
    "protected_from_scale_in" BOOLEAN NOT NULL DEFAULT false,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "gone_at" TIMESTAMP(3),

    CONSTRAINT "asg_instance_pkey" PRIMARY KEY ("instance_id")
);

-- CreateTable
CREATE TABLE "instance_refresh" (
    "id" TEXT NOT NULL,
    "asg_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_reason" TEXT,
    "percentage_complete" INTEGER,
    "instances_to_update" INTEGER,
    "start_time" TIMESTAMP(3),
    "end_time" TIMESTAMP(3),
    "preferences" JSONB NOT NULL,
    "desired_configuration" JSONB,
    "progress_details" JSONB,
    "rollback_details" JSONB,
    "started_by" TEXT,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "instance_refresh_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_progress_sample" (
    "refresh_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "percentage_complete" INTEGER,
    "instances_to_update" INTEGER,

    CONSTRAINT "refresh_progress_sample_pkey" PRIMARY KEY ("refresh_id","at")
);

-- CreateTable
CREATE TABLE "scaling_activity" (
    "activity_id" TEXT NOT NULL,
    "asg_name" TEXT NOT NULL,
    "instance_id" TEXT,
    "description" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "status_code" TEXT NOT NULL,
    "progress" INTEGER,
    "start_time" TIMESTAMP(3) NOT NULL,
    "end_time" TIMESTAMP(3),

    CONSTRAINT "scaling_activity_pkey" PRIMARY KEY ("activity_id")
);

-- CreateIndex
CREATE INDEX "asg_worker_type_idx" ON "asg"("worker_type");

-- CreateIndex
CREATE INDEX "asg_instance_asg_name_idx" ON "asg_instance"("asg_name");

-- CreateIndex
CREATE INDEX "instance_refresh_asg_name_start_time_idx" ON "instance_refresh"("asg_name", "start_time" DESC);

-- CreateIndex
CREATE INDEX "scaling_activity_asg_name_start_time_idx" ON "scaling_activity"("asg_name", "start_time" DESC);

-- AddForeignKey
ALTER TABLE "asg_instance" ADD CONSTRAINT "asg_instance_asg_name_fkey" FOREIGN KEY ("asg_name") REFERENCES "asg"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_refresh" ADD CONSTRAINT "instance_refresh_asg_name_fkey" FOREIGN KEY ("asg_name") REFERENCES "asg"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_progress_sample" ADD CONSTRAINT "refresh_progress_sample_refresh_id_fkey" FOREIGN KEY ("refresh_id") REFERENCES "instance_refresh"("id") ON DELETE CASCADE ON UPDATE CASCADE;
