import { isUuid, pageOf } from "@airbnb/kernel";
import { noRating, type Review, type RoomRating } from "../domain/review.ts";
import type { ReviewQueries } from "./ports.ts";

export interface RoomReviews {
  roomId: string;
  /** null when the page's `after` is no review of this room. */
  reviews: Review[] | null;
}

/** Reads anyone may make; each takes many ids so that a request's rooms are read together. */
export class ReviewReads {
  constructor(private readonly store: ReviewQueries) {}

  byIds(ids: readonly string[]): Promise<Review[]> {
    return this.store.findMany(ids.filter(isUuid));
  }

  async latest(roomIds: readonly string[], args: { first?: number | null; after?: string | null }): Promise<RoomReviews[]> {
    const page = pageOf("Room.reviews", args, 20);
    const cursorRoom = page.after === null ? null : await this.store.roomOf(page.after);
    const rooms = page.after === null ? roomIds : roomIds.filter((roomId) => roomId === cursorRoom);
    const byRoom = page.first === 0 || rooms.length === 0 ? new Map<string, Review[]>() : await this.store.latestByRoom(rooms, page);
    return roomIds.map((roomId) => ({ roomId, reviews: rooms.includes(roomId) ? (byRoom.get(roomId) ?? []) : null }));
  }

  async ratings(roomIds: readonly string[]): Promise<RoomRating[]> {
    const found = new Map((await this.store.ratings(roomIds)).map((rating) => [rating.roomId, rating]));
    return roomIds.map((roomId) => found.get(roomId) ?? noRating(roomId));
  }
}
