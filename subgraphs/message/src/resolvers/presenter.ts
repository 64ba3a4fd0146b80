import type { Message } from "../domain/message.ts";

/** The Message as the schema shows it. */
export const presentMessage = (message: Message) => ({
  id: message.id,
  recipientId: message.recipientId,
  kind: message.kind,
  reservationId: message.reservationId,
  roomId: message.roomId,
  text: message.text,
  createdAt: message.createdAt.toISOString(),
});
