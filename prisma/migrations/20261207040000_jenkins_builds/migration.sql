-- The controller an agent belongs to, now that the fleet may span several.
ALTER TABLE "node" ADD COLUMN "agent_controller" TEXT;

-- An action that changed a source asks the worker to read it at once.
ALTER TABLE "sync_source" ADD COLUMN "requested_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "jenkins_build" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "controller" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "number" INTEGER,
    "queue_id" INTEGER,
    "queue_state" TEXT,
    "queue_why" TEXT,
    "action_id" TEXT,
    "parameters" JSONB NOT NULL,
    "cause_kind" TEXT NOT NULL,
    "started_by" TEXT,
    "causes" JSONB NOT NULL DEFAULT '[]',
    "building" BOOLEAN NOT NULL DEFAULT false,
    "result" TEXT,
    "requested_at" TIMESTAMP(3) NOT NULL,
    "started_at" TIMESTAMP(3),
    "duration_ms" INTEGER,
    "estimated_duration_ms" INTEGER,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "log_offset" INTEGER NOT NULL DEFAULT 0,
    "log_lines" INTEGER NOT NULL DEFAULT 0,
    "log_complete" BOOLEAN NOT NULL DEFAULT false,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "jenkins_build_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "build_log_chunk" (
    "build_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "first_line" INTEGER NOT NULL,
    "line_count" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "build_log_chunk_pkey" PRIMARY KEY ("build_id","seq")
);

-- CreateTable
CREATE TABLE "housekeeping_host" (
    "build_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "instance_id" TEXT,
    "ok" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "unreachable" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "skipped" INTEGER NOT NULL,
    "rescued" INTEGER NOT NULL,
    "ignored" INTEGER NOT NULL,
    "failures" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "housekeeping_host_pkey" PRIMARY KEY ("build_id","host")
);

-- CreateIndex
CREATE UNIQUE INDEX "jenkins_build_action_id_key" ON "jenkins_build"("action_id");

-- CreateIndex
CREATE INDEX "jenkins_build_kind_requested_at_idx" ON "jenkins_build"("kind", "requested_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "jenkins_build_controller_job_number_key" ON "jenkins_build"("controller", "job", "number");

-- CreateIndex
CREATE INDEX "build_log_chunk_build_id_first_line_idx" ON "build_log_chunk"("build_id", "first_line");

-- CreateIndex
CREATE INDEX "housekeeping_host_instance_id_idx" ON "housekeeping_host"("instance_id");

-- AddForeignKey
ALTER TABLE "build_log_chunk" ADD CONSTRAINT "build_log_chunk_build_id_fkey" FOREIGN KEY ("build_id") REFERENCES "jenkins_build"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "housekeeping_host" ADD CONSTRAINT "housekeeping_host_build_id_fkey" FOREIGN KEY ("build_id") REFERENCES "jenkins_build"("id") ON DELETE CASCADE ON UPDATE CASCADE;
