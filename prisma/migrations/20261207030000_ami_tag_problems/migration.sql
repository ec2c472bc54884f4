-- What the image sync found wrong with an AMI's tags (no worker type tag, a malformed commit tag, …),
-- written with the AMI so the pages read it rather than work it out again.
ALTER TABLE "ami" ADD COLUMN "tag_problems" JSONB NOT NULL DEFAULT '[]';
