interface PagerControls {
  previous: HTMLButtonElement;
  next: HTMLButtonElement;
  status: HTMLElement;
}

/**
 * Cursor pages over the board: each page starts after the last room of the
 * one before (`after`), so the cursors of the pages behind are kept to go back.
 */
export class Pager {
  private readonly cursors: Array<string | null> = [null];
  private lastOfPage: string | null = null;

  constructor(private readonly controls: PagerControls, private readonly size: number, changed: () => void) {
    controls.next.addEventListener("click", () => {
      if (!this.lastOfPage) return;
      this.cursors.push(this.lastOfPage);
      this.lastOfPage = null; // until the next page is read, a second click has nowhere to go
      changed();
    });
    controls.previous.addEventListener("click", () => {
      if (this.cursors.length === 1) return;
      this.cursors.pop();
      changed();
    });
  }

  /** The `after` of the page on screen (null: the first page). */
  get after(): string | null {
    return this.cursors.at(-1)!;
  }

  reset() {
    this.cursors.length = 1;
  }

  /** The page that was read: its last room, how many rows it has, how many rooms the board has in all. */
  show(lastRoomId: string | null, rows: number, total: number) {
    this.lastOfPage = lastRoomId;
    const index = this.cursors.length - 1;
    // Where the page starts counts the pages behind as full: rooms added before it since then shift it a little.
    const from = index * this.size + 1;
    const pages = Math.max(1, Math.ceil(total / this.size));
    const { previous, next, status } = this.controls;
    status.textContent = rows === 0 ? "No rooms on this page" : `Rooms ${from}–${from + rows - 1} of ${total.toLocaleString("en-US")} · page ${index + 1} of ${pages}`;
    const focused = document.activeElement;
    previous.disabled = index === 0;
    next.disabled = rows < this.size || from + rows - 1 >= total;
    // A button that just became disabled drops the focus: hand it to the other one.
    if (focused === next && next.disabled && !previous.disabled) previous.focus();
    if (focused === previous && previous.disabled && !next.disabled) next.focus();
  }
}
