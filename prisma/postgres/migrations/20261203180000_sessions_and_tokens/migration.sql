-- AlterTable: API tokens are stored as their SHA-256; the prefix is what listings show.
ALTER TABLE "user__token" ADD COLUMN "prefix" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "login_failure" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_failure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project__integration_delivery" (
    "integration_id" INTEGER NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "received" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project__integration_delivery_pkey" PRIMARY KEY ("integration_id","delivery_id")
);

-- CreateIndex
CREATE INDEX "login_failure_key_at_idx" ON "login_failure"("key", "at");

-- CreateIndex
CREATE INDEX "login_failure_at_idx" ON "login_failure"("at");

-- CreateIndex
CREATE INDEX "project__integration_delivery_received_idx" ON "project__integration_delivery"("received");

-- AddForeignKey
ALTER TABLE "project__integration_delivery" ADD CONSTRAINT "project__integration_delivery_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "project__integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
