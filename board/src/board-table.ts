import type { BoardEntry } from "./graphql.ts";
import { badge, count, el, humanizeEvent, rating, time } from "./format.ts";

interface Row {
  entry: BoardEntry;
  tr: HTMLTableRowElement;
}

/**
 * The table body: one page of rooms in the board's order (by room id, so a
 * row keeps its place when its room changes; a row that jumped on every
 * change would be hard to follow). A changed row flashes.
 */
export class BoardTable {
  private readonly rows = new Map<string, Row>();

  constructor(
    private readonly tbody: HTMLTableSectionElement,
    private readonly onOpen: (roomId: string, opener: HTMLElement) => void,
  ) {
    // Up and down arrows move between the rooms' buttons, like a list.
    tbody.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const buttons = [...tbody.querySelectorAll<HTMLButtonElement>("button.room-link")];
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (at < 0) return;
      const next = buttons[at + (event.key === "ArrowDown" ? 1 : -1)];
      if (!next) return;
      event.preventDefault();
      next.focus();
    });
  }

  get size() {
    return this.rows.size;
  }

  roomIds() {
    return [...this.rows.keys()];
  }

  /** Shows one page read from the board, in its order; returns the rooms that joined and left the page. */
  replaceAll(entries: BoardEntry[]): { added: string[]; removed: string[] } {
    const incoming = new Set(entries.map((entry) => entry.roomId));
    const removed = this.roomIds().filter((roomId) => !incoming.has(roomId));
    for (const roomId of removed) {
      this.rows.get(roomId)?.tr.remove();
      this.rows.delete(roomId);
    }
    const added: string[] = [];
    for (const entry of entries) {
      if (this.rows.has(entry.roomId)) this.update(entry);
      else {
        const tr = el("tr", { "data-room-id": entry.roomId });
        this.rows.set(entry.roomId, { entry, tr });
        this.render(tr, entry);
        added.push(entry.roomId);
      }
    }
    const order = entries.map((entry) => this.rows.get(entry.roomId)!.tr);
    if (order.some((tr, i) => this.tbody.children[i] !== tr)) {
      // Moving the focused row would blur it: put the focus back where it was.
      const focused = document.activeElement;
      this.tbody.replaceChildren(...order);
      if (focused instanceof HTMLElement && focused.isConnected && focused !== document.activeElement) focused.focus();
    }
    return { added, removed };
  }

  /** Applies one room's row; ignores one older than what is shown. Returns whether the row changed. */
  update(entry: BoardEntry): boolean {
    const row = this.rows.get(entry.roomId);
    if (!row) return false;
    if (Date.parse(entry.updatedAt) < Date.parse(row.entry.updatedAt)) return false;
    if (JSON.stringify(entry) === JSON.stringify(row.entry)) return false;
    row.entry = entry;
    const hadFocus = row.tr.contains(document.activeElement);
    this.render(row.tr, entry);
    if (hadFocus) row.tr.querySelector<HTMLButtonElement>("button.room-link")?.focus();
    row.tr.classList.remove("changed");
    void row.tr.offsetWidth; // restart the highlight animation
    row.tr.classList.add("changed");
    return true;
  }

  private render(tr: HTMLTableRowElement, entry: BoardEntry) {
    const name = entry.roomName || "(name on its way)";
    const open = el("button", { type: "button", class: "room-link", title: name, "aria-label": `${name}: show details` }, name);
    open.addEventListener("click", () => this.onOpen(entry.roomId, open));
    const average = rating(entry.averageRating);
    const reviews = el("td", { class: "num", "data-col": "reviews" }, count(entry.reviewCount));
    if (average) reviews.append(" ", el("span", { class: "muted" }, el("span", { "aria-hidden": "true" }, "★"), el("span", { class: "visually-hidden" }, "average"), ` ${average}`));
    tr.replaceChildren(
      el("th", { scope: "row", "data-col": "name" }, open),
      el("td", { "data-col": "city" }, el("span", { title: entry.roomCity }, entry.roomCity || "–")),
      el("td", { "data-col": "status" }, badge(entry.roomStatus)),
      el("td", { "data-col": "reservation" }, badge(entry.lastReservationStatus)),
      el("td", { "data-col": "payment" }, badge(entry.lastPaymentStatus)),
      el("td", { class: "num", "data-col": "confirmed" }, count(entry.confirmedReservations)),
      reviews,
      el("td", { class: "num", "data-col": "mileage" }, count(entry.mileagePointsIssued)),
      el("td", { "data-col": "event" }, humanizeEvent(entry.lastEventType)),
      el("td", { "data-col": "updated" }, time(entry.updatedAt)),
    );
  }
}
