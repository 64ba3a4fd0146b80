-- DropIndex
DROP INDEX "room_board_updated_at_room_id_idx";

-- AlterTable
ALTER TABLE "room_board" ADD COLUMN     "bookings_day" DATE,
ADD COLUMN     "bookings_on_day" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "revenue" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "room_city" TEXT NOT NULL DEFAULT '';


-- Hand-written note: rows built before this migration have no city, revenue or day count;
-- `npm run rebuild:viewpage` fills them from the stream.
