import { z } from "zod";

/**
 * Notices that a read model changed, on core NATS below `live.<prefix>` (outside
 * the stream, fire-and-forget): live subscriptions refresh on them, and losing
 * one costs a push, never data. Each has its subject, the data field that ends
 * it (a subscriber takes them all with `<subject>.*`) and the shape of its data.
 */
export const noticeCatalog = {
  /** The viewpage wrote a room's board row: the router pushes that room's subscriptions. */
  BoardRowChanged: { subject: "board", key: "roomId", data: z.object({ roomId: z.string().min(1) }) },
} as const;

export type NoticeType = keyof typeof noticeCatalog;
export type NoticeData<T extends NoticeType> = z.infer<(typeof noticeCatalog)[T]["data"]>;

/** The subject of one notice, below the live prefix. */
export const noticeSubject = <T extends NoticeType>(type: T, data: NoticeData<T>): string =>
  `${noticeCatalog[type].subject}.${data[noticeCatalog[type].key]}`;

/** The subjects of every notice of a type, below the live prefix. */
export const noticeFilter = (type: NoticeType): string => `${noticeCatalog[type].subject}.*`;

/** The notice's data, or null for bytes that are not one (never throws). */
export function parseNotice<T extends NoticeType>(type: T, raw: string): NoticeData<T> | null {
  try {
    const parsed = noticeCatalog[type].data.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as NoticeData<T>) : null;
  } catch {
    return null;
  }
}
