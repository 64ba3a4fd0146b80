-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "MileageKind" AS ENUM ('EARNED', 'DEDUCTED');

-- CreateTable
CREATE TABLE "outbox" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateTable
CREATE TABLE "mileage_entries" (
    "id" UUID NOT NULL,
    "guest_id" TEXT NOT NULL,
    "reservation_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "kind" "MileageKind" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mileage_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_created_at_idx" ON "outbox"("created_at");

-- CreateIndex
CREATE INDEX "mileage_entries_guest_id_created_at_idx" ON "mileage_entries"("guest_id", "created_at");

-- CreateIndex
CREATE INDEX "mileage_entries_reservation_id_created_at_idx" ON "mileage_entries"("reservation_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "mileage_entries_payment_id_kind_key" ON "mileage_entries"("payment_id", "kind");


-- Hand-written: the relay scans only what is still to publish.
CREATE INDEX "outbox_unpublished_idx" ON "outbox"("seq") WHERE "published_at" IS NULL;
