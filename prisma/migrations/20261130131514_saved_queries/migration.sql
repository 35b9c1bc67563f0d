-- CreateEnum
CREATE TYPE "QuerySharing" AS ENUM ('PRIVATE', 'UNIT', 'COMPANY');

-- CreateTable
CREATE TABLE "saved_query" (
    "id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "sharing" "QuerySharing" NOT NULL DEFAULT 'PRIVATE',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "saved_query_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "saved_query_author_id_idx" ON "saved_query"("author_id");

-- CreateIndex
CREATE INDEX "saved_query_sharing_idx" ON "saved_query"("sharing");

-- AddForeignKey
ALTER TABLE "saved_query" ADD CONSTRAINT "saved_query_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

