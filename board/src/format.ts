import type { PaymentStatus, ReservationStatus, RoomStatus } from "./graphql.ts";

/** good, bad, warn, info or none: the colour; the label and icon carry the same meaning in text. */
export type Tone = "good" | "bad" | "warn" | "info" | "none";

export interface Badge {
  label: string;
  icon: string;
  tone: Tone;
}

const BADGES: Record<RoomStatus | ReservationStatus | PaymentStatus, Badge> = {
  LISTED: { label: "Listed", icon: "●", tone: "good" },
  DELISTED: { label: "Delisted", icon: "○", tone: "none" },
  CONFIRMED: { label: "Confirmed", icon: "✓", tone: "good" },
  CANCELLED: { label: "Cancelled", icon: "⊘", tone: "warn" },
  REJECTED: { label: "Rejected", icon: "✕", tone: "bad" },
  APPROVED: { label: "Approved", icon: "✓", tone: "good" },
  DECLINED: { label: "Declined", icon: "✕", tone: "bad" },
  REFUNDED: { label: "Refunded", icon: "↺", tone: "info" },
};

const NONE: Badge = { label: "None yet", icon: "–", tone: "none" };

export const badgeOf = (status: keyof typeof BADGES | null | undefined): Badge => (status ? BADGES[status] : NONE);

/** A badge element: a coloured pill whose text says the status, so colour is never the only cue. */
export function badge(status: keyof typeof BADGES | null | undefined): HTMLSpanElement {
  const { label, icon, tone } = badgeOf(status);
  const span = el("span", { class: `badge tone-${tone}` });
  span.append(el("span", { class: "badge-icon", "aria-hidden": "true" }, icon), label);
  return span;
}

/** "ReservationConfirmed" → "Reservation confirmed". */
export const humanizeEvent = (type: string | null) =>
  type ? type.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/ (\w)/g, (_, c: string) => ` ${c.toLowerCase()}`) : "–";

const KRW = new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW" });
export const won = (amount: number) => KRW.format(amount);
export const count = (n: number) => n.toLocaleString("en-US");
export const rating = (avg: number | null) => (avg === null ? null : avg.toFixed(1));

/** A <time>: the clock time for today, the date otherwise; the full instant on hover. */
export function time(iso: string): HTMLTimeElement {
  const at = new Date(iso);
  const today = at.toDateString() === new Date().toDateString();
  const text = today ? at.toLocaleTimeString("en-GB") : at.toLocaleDateString("en-CA");
  return el("time", { datetime: iso, title: at.toLocaleString("en-GB") }, text);
}

/** document.createElement with attributes and children, the page's only DOM helper. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
