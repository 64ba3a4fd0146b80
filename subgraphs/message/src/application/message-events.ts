import { createEvent, type DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import type { Message } from "../domain/message.ts";

/** Announces a message written because of `cause`. */
export const messageSent = (message: Message, cause: DomainEvent, sources: Sources): DomainEvent =>
  createEvent(
    "MessageSent",
    { messageId: message.id, recipientId: message.recipientId, kind: message.kind, reservationId: message.reservationId, roomId: message.roomId },
    { correlationId: cause.correlationId, causationId: cause.id },
    sources,
  );
