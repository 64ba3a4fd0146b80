import { z } from "zod";
import { isStorableText, isUuid } from "@airbnb/kernel";

/** The input rules of CONTRACT.md for reviews; the comment is kept verbatim. */
export const writeReviewSchema = z.object({
  roomId: z.string().refine(isUuid, "must be a room id"),
  rating: z.number().int("must be a whole number").min(1, "must be between 1 and 5").max(5, "must be between 1 and 5"),
  comment: z
    .string()
    .max(2000, "at most 2000 characters")
    .refine(isStorableText, "must not be empty, nor hold NUL or broken Unicode"),
});

export type WriteReviewInput = z.infer<typeof writeReviewSchema>;
