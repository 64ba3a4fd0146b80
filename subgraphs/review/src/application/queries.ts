import { isUuid } from "@airbnb/kernel";
import { noRating, type Review, type RoomRating } from "../domain/review.ts";
import type { ReviewQueries } from "./ports.ts";

export interface RoomReviews {
  roomId: string;
  reviews: Review[];
}

/** Reads anyone may make; each takes many ids so that a request's rooms are read together. */
export class ReviewReads {
  constructor(private readonly store: ReviewQueries) {}

  byIds(ids: readonly string[]): Promise<Review[]> {
    return this.store.findMany(ids.filter(isUuid));
  }

  async latest(roomIds: readonly string[], first: number | null | undefined): Promise<RoomReviews[]> {
    const limit = Math.min(Math.max(first ?? 20, 0), 100);
    const byRoom = limit === 0 ? new Map<string, Review[]>() : await this.store.latestByRoom(roomIds, limit);
    return roomIds.map((roomId) => ({ roomId, reviews: byRoom.get(roomId) ?? [] }));
  }

  async ratings(roomIds: readonly string[]): Promise<RoomRating[]> {
    const found = new Map((await this.store.ratings(roomIds)).map((rating) => [rating.roomId, rating]));
    return roomIds.map((roomId) => found.get(roomId) ?? noRating(roomId));
  }
}
