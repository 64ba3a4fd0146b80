import { request } from "./api.ts";
import { MyReservationsDocument, RoomDetailDocument, type ReservationSummary, type RoomDetail } from "./graphql.ts";
import { badge, count, el, humanizeEvent, rating, time, won } from "./format.ts";
import { timelineDisclosure } from "./timeline-view.ts";

/** Where the table leaves no room beside it, the panel is a modal sheet over the page (styles.css uses the same width). */
const NARROW = "(max-width: 71.99rem)";

/**
 * One room in depth, from one composed query, in a dialog where the eye is:
 * beside the table on wide screens (sticky, so it stays in view however far
 * the table is scrolled), a modal sheet over it on narrow ones. Anyone sees
 * the room, its reviews and its board row; reservations with their payment
 * and mileage are the host's, so they are asked for only with a token (typed
 * into the panel, right above where they appear, and kept in this tab's
 * memory only), and shown only if the token is the room's host's; a guest's
 * token shows that guest's own stays in the room instead. Each reservation
 * shown opens its saga timeline, read with the same token.
 */
export class DetailPanel {
  private roomId: string | null = null;
  private opener: HTMLElement | null = null;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private token: string | undefined;
  /** Reservations whose timeline is open: kept across re-renders. */
  private readonly openTimelines = new Set<string>();
  private readonly narrow = matchMedia(NARROW);
  /** Built once, so what is typed survives the panel's re-renders. */
  private readonly tokenForm = this.buildTokenForm();

  constructor(private readonly dialog: HTMLDialogElement) {
    dialog.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      this.close();
    });
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.close();
    });
    this.narrow.addEventListener("change", () => this.roomId && this.present());
  }

  get openRoomId() {
    return this.roomId;
  }

  async open(roomId: string, opener?: HTMLElement) {
    this.roomId = roomId;
    this.opener = opener ?? null;
    this.dialog.setAttribute("aria-busy", "true");
    this.dialog.replaceChildren(this.heading("Loading room…"));
    this.present();
    this.focusHeading();
    await this.load();
    this.focusHeading();
  }

  close() {
    if (!this.roomId) return;
    this.roomId = null;
    this.dialog.close();
    this.dialog.replaceChildren();
    this.opener?.isConnected && this.opener.focus();
  }

  /** Beside the table (non-modal) or over it (modal), as the width allows; again when the width crosses the line. */
  private present() {
    if (this.dialog.open) this.dialog.close();
    if (this.narrow.matches) this.dialog.showModal();
    else this.dialog.show();
    this.dialog.dataset.mode = this.narrow.matches ? "sheet" : "side";
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
    const token = this.token;
    let note: string | null = token ? null : "Paste the host's token below to see this room's reservations, payments and mileage.";
    try {
      let result = await request(RoomDetailDocument, { id: roomId, withReservations: Boolean(token) }, token);
      const refused = result.errors.find((error) => error.path?.includes("reservations"));
      let ownStays: ReservationSummary[] | null = null;
      if (token && (refused || (!result.data?.room && result.errors.length))) {
        // Not this room's host (or the token is no longer valid): show what anyone may see, and the caller's own stays here.
        const code = refused?.extensions?.code ?? result.errors[0]?.extensions?.code ?? "refused";
        note = `Reservations are shown to the room's host only; this token was refused (${code}).`;
        const [anyone, mine] = await Promise.all([
          request(RoomDetailDocument, { id: roomId, withReservations: false }),
          request(MyReservationsDocument, {}, token),
        ]);
        result = anyone;
        ownStays = mine.data?.myReservations.filter((r) => r.roomId === roomId) ?? null;
      }
      if (generation !== this.generation || roomId !== this.roomId) return;
      const room = result.data?.room;
      if (!room) {
        this.show([this.heading("Room not found"), el("p", {}, result.errors[0]?.message ?? "This room is unknown or was deleted.")]);
        return;
      }
      this.show(this.render(room, note, ownStays));
    } catch (error) {
      if (generation !== this.generation) return;
      this.show([this.heading("Could not load the room"), el("p", { class: "error" }, String(error))]);
    }
  }

  private show(children: Node[]) {
    const hadFocus = this.dialog.contains(document.activeElement);
    const focusedId = (document.activeElement as HTMLElement | null)?.id;
    this.dialog.replaceChildren(...children);
    this.dialog.removeAttribute("aria-busy");
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
    this.dialog.querySelector<HTMLElement>("#detail-title")?.focus();
  }

  private render(room: RoomDetail, note: string | null, ownStays: ReservationSummary[] | null): Node[] {
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
    parts.push(this.tokenForm);
    const timeline = (id: string) => timelineDisclosure(id, this.token, this.openTimelines);
    if (room.reservations) {
      parts.push(room.reservations.length ? reservationsList(room.reservations, "Reservations of this room, with payment and mileage", timeline) : el("p", { class: "muted", id: "detail-reservations" }, "No reservations yet."));
    }
    if (ownStays?.length) parts.push(el("h3", {}, "Your stays here"), reservationsList(ownStays, "Your stays in this room, with payment and mileage", timeline));
    return parts;
  }

  private buildTokenForm(): HTMLFormElement {
    const input = el("input", {
      id: "token", name: "token", type: "password", autocomplete: "off", spellcheck: "false", placeholder: "eyJhbGciOi…", "aria-describedby": "token-status",
    });
    const status = el("p", { id: "token-status", class: "muted", "aria-live": "polite" }, "No token: you see what anyone may see.");
    const form = el(
      "form",
      { id: "token-form", class: "token" },
      el("label", { for: "token" }, "Host token ", el("span", { class: "muted" }, "(the room's host sees its reservations, payments and mileage)")),
      el("div", { class: "token-row" }, input, el("button", { type: "submit", id: "token-use" }, "Use token"), el("button", { type: "reset", id: "token-forget" }, "Forget")),
      status,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.token = input.value.trim().replace(/^Bearer\s+/i, "") || undefined;
      const sub = this.token ? subjectOf(this.token) : null;
      status.textContent = !this.token ? "No token: you see what anyone may see." : sub ? `Using the token of ${sub}.` : "That does not look like a JWT; it will likely be refused.";
      void this.reloadAndReveal();
    });
    form.addEventListener("reset", () => {
      this.token = undefined;
      status.textContent = "Token forgotten: you see what anyone may see.";
      void this.reloadAndReveal();
    });
    return form;
  }

  /** After the token changes, what it unlocked comes into view where the form was, in the panel. */
  private async reloadAndReveal() {
    clearTimeout(this.pending);
    await this.load();
    this.dialog.querySelector("#detail-reservations")?.scrollIntoView({ block: "nearest" });
  }
}

function subjectOf(jwt: string): string | null {
  try {
    const payload = JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: unknown };
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}

function pair(term: string, value: Node | string): Node[] {
  return [el("dt", {}, term), el("dd", {}, value)];
}

/** A list rather than a table: the panel is narrow beside the board, and narrower still on a phone. */
function reservationsList(reservations: ReservationSummary[], label: string, timeline: (reservationId: string) => HTMLElement) {
  const items = reservations.map((r) => {
    const points = r.mileage.reduce((sum, entry) => sum + entry.points, 0);
    const mileage = r.mileage.length ? r.mileage.map((entry) => `${entry.points >= 0 ? "+" : "−"}${count(Math.abs(entry.points))}`).join(" ") + ` (net ${count(points)})` : "none";
    return el(
      "li",
      { "data-reservation-id": r.id },
      el("div", { class: "stay" }, el("strong", {}, `${r.checkIn} → ${r.checkOut}`), ` ${r.nights} night${r.nights === 1 ? "" : "s"}, ${r.guests} guest${r.guests === 1 ? "" : "s"} · `, won(r.amount)),
      el("div", { class: "badges" }, "Reservation ", badge(r.status), " Payment ", badge(r.payment?.status), ` Mileage ${mileage}`),
      el("div", { class: "muted" }, "Guest ", r.guestId),
      timeline(r.id),
    );
  });
  return el("ul", { class: "reservations", id: "detail-reservations", "aria-label": label }, ...items);
}
