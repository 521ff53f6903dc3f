-- Signalman: Semaphore's runner protocol (issue 14): a runner's RSA public key, and how it talks to us.
ALTER TABLE "runner" ADD COLUMN "public_key" TEXT;
ALTER TABLE "runner" ADD COLUMN "protocol" TEXT NOT NULL DEFAULT '';
