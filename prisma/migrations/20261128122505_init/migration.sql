-- CreateTable
CREATE TABLE "ami" (
    "image_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "state" TEXT NOT NULL,
    "creation_date" TIMESTAMP(3) NOT NULL,
    "worker_type" TEXT,
    "base_os" TEXT,
    "role" TEXT,
    "build_id" TEXT,
    "current_commit" TEXT,
    "built_commit" TEXT,
    "tags" JSONB NOT NULL,
    "shared_with" TEXT[],
    "shared_checked_at" TIMESTAMP(3),
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "deregistered_at" TIMESTAMP(3),

    CONSTRAINT "ami_pkey" PRIMARY KEY ("image_id")
);

-- CreateTable
CREATE TABLE "ami_commit" (
    "image_id" TEXT NOT NULL,
    "commit_sha" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ami_commit_pkey" PRIMARY KEY ("image_id","commit_sha")
);

-- CreateTable
CREATE TABLE "infra_commit" (
    "sha" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "authored_at" TIMESTAMP(3) NOT NULL,
    "author" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "touches_packer" BOOLEAN NOT NULL,

    CONSTRAINT "infra_commit_pkey" PRIMARY KEY ("sha")
);

-- CreateTable
CREATE TABLE "sync_source" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "account_id" TEXT,
    "region" TEXT,
    "last_attempt_at" TIMESTAMP(3),
    "last_success_at" TIMESTAMP(3),
    "last_duration_ms" INTEGER,
    "last_item_count" INTEGER,
    "last_error_code" TEXT,
    "last_error_message" TEXT,
    "last_error_at" TIMESTAMP(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sync_source_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ami_worker_type_idx" ON "ami"("worker_type");

-- CreateIndex
CREATE INDEX "ami_current_commit_idx" ON "ami"("current_commit");

-- CreateIndex
CREATE INDEX "ami_commit_commit_sha_idx" ON "ami_commit"("commit_sha");

-- CreateIndex
CREATE INDEX "infra_commit_position_idx" ON "infra_commit"("position");

-- AddForeignKey
ALTER TABLE "ami_commit" ADD CONSTRAINT "ami_commit_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "ami"("image_id") ON DELETE CASCADE ON UPDATE CASCADE;
