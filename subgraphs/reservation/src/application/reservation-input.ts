import { z } from "zod";

/** ReserveRoomInput beyond what GraphQL types already check. */
export const reserveRoomSchema = z.object({
  roomId: z.string(),
  checkIn: z.string(),
  checkOut: z.string(),
  guests: z.number().int().min(1, "at least 1 guest"),
  paymentMethod: z.enum(["card", "declined-card"], "must be \"card\" or \"declined-card\"").nullish().transform((value) => value ?? "card"),
  idempotencyKey: z.string().min(1).max(200).nullish().transform((value) => value ?? null),
});

export type ReserveRoomInput = z.infer<typeof reserveRoomSchema>;
