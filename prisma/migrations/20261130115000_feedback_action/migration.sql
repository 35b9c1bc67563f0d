-- AlterTable
ALTER TABLE "feedback" ADD COLUMN     "action_id" TEXT;
