-- AlterTable: two-factor sign-in state of a session (upstream's columns); existing sessions are verified.
ALTER TABLE "session" ADD COLUMN "verification_method" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "session" ADD COLUMN "verified" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "user__totp" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "url" TEXT NOT NULL,
    "recovery_hash" TEXT NOT NULL DEFAULT '',
    "last_time_step" INTEGER,
    CONSTRAINT "user__totp_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "user__totp_user_id_key" ON "user__totp"("user_id");
