import { request } from "./api.ts";
import { ROOM_DETAIL, type RoomDetail } from "./graphql.ts";
import { badge, count, el, humanizeEvent, rating, time, won } from "./format.ts";

/**
 * One room in depth, from one composed query. Anyone sees the room, its
 * reviews and its board row; reservations with their payment and mileage are
 * the host's, so they are asked for only with a token, and shown only if the
 * token is the room's host's.
 */
export class DetailPanel {
  private roomId: string | null = null;
  private opener: HTMLElement | null = null;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly section: HTMLElement,
    private readonly token: () => string | undefined,
  ) {
    section.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
  }

  get openRoomId() {
    return this.roomId;
  }

  async open(roomId: string, opener?: HTMLElement) {
    this.roomId = roomId;
    this.opener = opener ?? null;
    this.section.hidden = false;
    this.section.setAttribute("aria-busy", "true");
    this.section.replaceChildren(this.heading("Loading room…"));
    this.focusHeading();
    await this.load();
    this.focusHeading();
  }

  close() {
    if (!this.roomId) return;
    this.roomId = null;
    this.section.hidden = true;
    this.section.replaceChildren();
    this.opener?.isConnected && this.opener.focus();
  }

  /** The room changed (a push arrived): read it again, at most a few times a second. */
  refreshSoon(roomId?: string) {
    if (!this.roomId || (roomId && roomId !== this.roomId)) return;
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.load(), 250);
  }

  private async load() {
    const roomId = this.roomId;
    if (!roomId) return;
    const generation = ++this.generation;
    const token = this.token();
    let note: string | null = token ? null : "Paste the host's token above to see this room's reservations, payments and mileage.";
    try {
      let result = await request<{ room: RoomDetail | null }>(ROOM_DETAIL, { id: roomId, withReservations: Boolean(token) }, token);
      const refused = result.errors.find((error) => error.path?.includes("reservations"));
      if (token && (refused || (!result.data?.room && result.errors.length))) {
        // Not this room's host (or the token is no longer valid): show what anyone may see.
        const code = refused?.extensions?.code ?? result.errors[0]?.extensions?.code ?? "refused";
        note = `Reservations are shown to the room's host only; this token was refused (${code}).`;
        result = await request<{ room: RoomDetail | null }>(ROOM_DETAIL, { id: roomId, withReservations: false });
      }
      if (generation !== this.generation || roomId !== this.roomId) return;
      const room = result.data?.room;
      if (!room) {
        this.show([this.heading("Room not found"), el("p", {}, result.errors[0]?.message ?? "This room is unknown or was deleted.")]);
        return;
      }
      this.show(this.render(room, note));
    } catch (error) {
      if (generation !== this.generation) return;
      this.show([this.heading("Could not load the room"), el("p", { class: "error" }, String(error))]);
    }
  }

  private show(children: Node[]) {
    const hadFocus = this.section.contains(document.activeElement);
    const focusedId = (document.activeElement as HTMLElement | null)?.id;
    this.section.replaceChildren(...children);
    this.section.removeAttribute("aria-busy");
    if (!hadFocus) return;
    const again = focusedId ? document.getElementById(focusedId) : null;
    if (again) again.focus();
    else this.focusHeading();
  }

  private heading(text: string) {
    const close = el("button", { type: "button", id: "detail-close", class: "close" }, el("span", { "aria-hidden": "true" }, "✕ "), "Close");
    close.addEventListener("click", () => this.close());
    return el("div", { class: "detail-head" }, el("h2", { id: "detail-title", tabindex: "-1" }, text), close);
  }

  private focusHeading() {
    this.section.querySelector<HTMLElement>("#detail-title")?.focus();
  }

  private render(room: RoomDetail, note: string | null): Node[] {
    const average = rating(room.averageRating);
    const facts = el(
      "dl",
      { class: "facts" },
      ...pair("City", room.city),
      ...pair("Price per night", won(room.pricePerNight)),
      ...pair("Guests", `up to ${room.capacity}`),
      ...pair("Status", badge(room.status)),
      ...pair("Host", room.hostId),
      ...pair("Reviews", `${count(room.reviewCount)}${average ? `, average ${average} of 5` : ""}`),
      ...pair("Last reservation", badge(room.board.lastReservationStatus)),
      ...pair("Last payment", badge(room.board.lastPaymentStatus)),
      ...pair("Mileage points issued", count(room.board.mileagePointsIssued)),
      ...pair("Last event", humanizeEvent(room.board.lastEventType)),
    );
    const reviews = room.reviews.length
      ? el("ul", { class: "reviews" }, ...room.reviews.map((review) =>
          el("li", {}, el("span", { class: "stars", "aria-label": `${review.rating} of 5 stars` }, "★".repeat(review.rating) + "☆".repeat(5 - review.rating)), " ", review.comment, " ", el("span", { class: "muted" }, "— ", review.guestId, ", ", time(review.createdAt)))))
      : el("p", { class: "muted" }, "No reviews yet.");
    const parts: Node[] = [this.heading(room.name), el("p", {}, room.description), facts, el("h3", {}, "Latest reviews"), reviews, el("h3", {}, "Reservations")];
    if (note) parts.push(el("p", { class: "note" }, note));
    if (room.reservations) parts.push(room.reservations.length ? reservationsTable(room.reservations) : el("p", { class: "muted" }, "No reservations yet."));
    return parts;
  }
}

function pair(term: string, value: Node | string): Node[] {
  return [el("dt", {}, term), el("dd", {}, value)];
}

function reservationsTable(reservations: NonNullable<RoomDetail["reservations"]>) {
  const head = ["Guest", "Nights", "Amount", "Status", "Payment", "Mileage"].map((label) => el("th", { scope: "col" }, label));
  const rows = reservations.map((r) => {
    const points = r.mileage.reduce((sum, entry) => sum + entry.points, 0);
    const mileage = r.mileage.length ? r.mileage.map((entry) => `${entry.points >= 0 ? "+" : "−"}${count(Math.abs(entry.points))}`).join(" ") + ` (net ${count(points)})` : "–";
    return el(
      "tr",
      { "data-reservation-id": r.id },
      el("td", {}, r.guestId),
      el("td", {}, `${r.checkIn} → ${r.checkOut} (${r.nights})`),
      el("td", { class: "num" }, won(r.amount)),
      el("td", {}, badge(r.status)),
      el("td", {}, badge(r.payment?.status)),
      el("td", { class: "num" }, mileage),
    );
  });
  return el(
    "div",
    { class: "scroll", role: "region", "aria-label": "Reservations, scrollable", tabindex: "0" },
    el("table", { class: "reservations" }, el("caption", {}, "Reservations of this room, with payment and mileage"), el("thead", {}, el("tr", {}, ...head)), el("tbody", {}, ...rows)),
  );
}
