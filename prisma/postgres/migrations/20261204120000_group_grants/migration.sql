-- Signalman: what a directory group mapping granted (issue 12), so that it can be taken back
-- when the user leaves the group, while what administrators grant by hand (null) stays.
ALTER TABLE "user" ADD COLUMN "admin_granted_by" TEXT;
ALTER TABLE "project__user" ADD COLUMN "granted_by" TEXT;
