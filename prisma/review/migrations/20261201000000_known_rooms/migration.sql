-- CreateEnum
CREATE TYPE "KnownRoomStatus" AS ENUM ('LISTED', 'DELISTED');

-- CreateTable
CREATE TABLE "known_rooms" (
    "room_id" TEXT NOT NULL,
    "status" "KnownRoomStatus" NOT NULL,

    CONSTRAINT "known_rooms_pkey" PRIMARY KEY ("room_id")
);


-- Hand-written: rooms with a stay recorded before this table existed are known rooms.
INSERT INTO "known_rooms" ("room_id", "status") SELECT DISTINCT "room_id", 'LISTED'::"KnownRoomStatus" FROM "stays" ON CONFLICT DO NOTHING;
