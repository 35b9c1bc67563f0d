-- AlterTable
ALTER TABLE "app_user" DROP COLUMN "failed_logins",
DROP COLUMN "locked_until";

-- CreateTable
CREATE TABLE "rotated_refresh_token" (
    "token_hash" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "rotated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rotated_refresh_token_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "sign_in_throttle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "last_attempt_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "rotated_refresh_token_session_id_idx" ON "rotated_refresh_token"("session_id");

-- AddForeignKey
ALTER TABLE "rotated_refresh_token" ADD CONSTRAINT "rotated_refresh_token_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
