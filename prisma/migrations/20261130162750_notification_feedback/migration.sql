-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "feedback_id" TEXT;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_feedback_id_fkey" FOREIGN KEY ("feedback_id") REFERENCES "feedback"("id") ON DELETE SET NULL ON UPDATE CASCADE;

