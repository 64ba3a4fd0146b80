import { z } from "zod";

/** What the reservation context sends; anything else is refused before it touches money. */
export const chargeRequestSchema = z.object({
  reservationId: z.uuid(),
  roomId: z.uuid(),
  guestId: z.string().min(1),
  amount: z.number().int().positive(),
  paymentMethod: z.string().min(1).max(100),
});
