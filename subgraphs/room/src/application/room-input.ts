import { z } from "zod";
import { isStorableText } from "@airbnb/kernel";

const text = (max: number) =>
  z.string().max(max, `at most ${max} characters`).refine(isStorableText, "must not be empty, nor hold NUL or broken Unicode");

/** The input rules of the API for rooms (docs/api.md): every text up to 2000 characters, kept verbatim. */
export const roomDetailsSchema = z.object({
  name: text(2000),
  description: text(2000),
  city: text(2000),
  pricePerNight: z.number().int().positive("must be a positive amount").max(100_000_000),
  capacity: z.number().int().min(1, "must be at least 1").max(100),
});

export const roomChangesSchema = roomDetailsSchema
  .partial()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined && value !== null), "name at least one field to change");
