-- CreateTable
CREATE TABLE "jenkins_cloud_state" (
    "controller" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "plugin_version" TEXT,
    "casc_version" TEXT,
    "fleet_clouds" JSONB NOT NULL,
    "other_clouds" JSONB NOT NULL,
    "stats" JSONB NOT NULL,
    "orphans" JSONB NOT NULL,
    "read_at" TIMESTAMP(3) NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "jenkins_cloud_state_pkey" PRIMARY KEY ("controller")
);
