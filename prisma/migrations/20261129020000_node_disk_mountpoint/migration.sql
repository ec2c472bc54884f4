-- The filesystem the disk figure is about (the fullest one), so a reason can say "/var/lib/jenkins is 96 % full".
ALTER TABLE "node" ADD COLUMN "disk_mountpoint" TEXT;
