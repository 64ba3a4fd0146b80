import { el } from "./format.ts";

const MINUTE = 60_000;
const SPAN = 60;
const SVG = "http://www.w3.org/2000/svg";

/**
 * Bookings per minute over the last hour, as this page has seen them: each
 * read of the board's `bookingsToday` total books its increase since the
 * previous read to the minute it was read in. The total covers every room,
 * also those on other pages, which the page does not follow live.
 */
export class BookingsPerMinute {
  private readonly perMinute = new Map<number, number>();
  private last: { day: string; value: number } | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  observe(bookingsToday: number) {
    const at = this.now();
    const day = new Date(at).toISOString().slice(0, 10);
    // On a new UTC day the total starts again from 0: all of it is new since the last read.
    const added = !this.last ? 0 : day === this.last.day ? bookingsToday - this.last.value : bookingsToday;
    this.last = { day, value: bookingsToday };
    if (added <= 0) return;
    const minute = Math.floor(at / MINUTE);
    this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + added);
    for (const key of this.perMinute.keys()) if (key <= minute - SPAN) this.perMinute.delete(key);
  }

  /** Sixty counts, the oldest minute first and the current one last. */
  series(): number[] {
    const current = Math.floor(this.now() / MINUTE);
    return Array.from({ length: SPAN }, (_, i) => this.perMinute.get(current - SPAN + 1 + i) ?? 0);
  }
}

const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, ...children: Array<Node | string>) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
};

/** Sixty bars in inline SVG (no library: the page stays one small bundle), with a text equivalent. */
export function renderChart(container: HTMLElement, series: readonly number[]) {
  const width = 600;
  const height = 72;
  const peak = Math.max(0, ...series);
  const top = Math.max(1, peak);
  const total = series.reduce((sum, n) => sum + n, 0);
  const slot = width / series.length;
  const summary = total === 0 ? "no bookings seen in the last hour" : `${total} booking${total === 1 ? "" : "s"} in the last hour, at most ${peak} in one minute`;
  const bars = series.map((n, i) => {
    const h = n === 0 ? 1 : Math.max(3, (n / top) * (height - 14));
    return svg("rect", { x: (i * slot + 1).toFixed(1), y: (height - h).toFixed(1), width: (slot - 2).toFixed(1), height: h.toFixed(1), class: n === 0 ? "bar empty" : "bar" });
  });
  container.dataset.total = String(total);
  container.replaceChildren(
    svg("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img", "aria-label": `Bookings per minute: ${summary}` }, ...bars),
    el("div", { class: "chart-axis", "aria-hidden": "true" }, el("span", {}, "60 min ago"), el("span", {}, `peak ${peak}/min`), el("span", {}, "now")),
    el("p", { class: "chart-summary" }, summary),
  );
}
