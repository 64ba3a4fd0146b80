-- CreateEnum
CREATE TYPE "CancelledBy" AS ENUM ('GUEST', 'HOST');

-- AlterTable
ALTER TABLE "reservations" ADD COLUMN     "cancelled_by" "CancelledBy";


-- Hand-written: every reservation cancelled before hosts could cancel (by delisting) was its guest's.
UPDATE "reservations" SET "cancelled_by" = 'GUEST' WHERE "status" = 'CANCELLED';
