import { createEvent } from "@airbnb/events";
import { notFound, parseInput, requireRole, type CommandContext, type Sources } from "@airbnb/kernel";
import { reviewNotAllowed, writeReview, type Review } from "../domain/review.ts";
import type { ReplicaLookup, ReviewStore } from "./ports.ts";
import { writeReviewSchema } from "./review-input.ts";

/** The guest's command on reviews: validate, find the stay, decide in the domain, persist with the event. */
export class ReviewCommands {
  constructor(
    private readonly store: ReviewStore,
    private readonly awaitReplica: ReplicaLookup,
    private readonly sources: Sources,
  ) {}

  async write(ctx: CommandContext, input: unknown): Promise<Review> {
    const guest = requireRole(ctx.identity, "guest");
    const { roomId, rating, comment } = parseInput(writeReviewSchema, input);
    // Rooms and stays arrive by event moments after they happen: a guest who reviews
    // at once must not be refused because our copy is a few milliseconds behind.
    const room = await this.awaitReplica(() => this.store.roomStatus(roomId));
    if (room !== "LISTED") throw notFound("room");
    const stay = await this.awaitReplica(() => this.store.findReviewableStay(guest.userId, roomId));
    const now = this.sources.clock();
    const review = writeReview(stay, guest.userId, roomId, { rating, comment }, this.sources.newId(), now.toISOString().slice(0, 10), now);
    const event = createEvent(
      "ReviewWritten",
      { reviewId: review.id, roomId, guestId: review.guestId, rating },
      { correlationId: roomId, causationId: ctx.requestId },
      this.sources,
    );
    if (!(await this.store.saveReview(review, event))) throw reviewNotAllowed("this stay has already been reviewed");
    return review;
  }
}
