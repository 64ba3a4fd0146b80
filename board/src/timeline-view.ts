import { request } from "./api.ts";
import { TimelineDocument, type TimelineEvent } from "./graphql.ts";
import { el, humanizeEvent, type Tone } from "./format.ts";

const PAGE = 50;
/** A saga is a dozen events; a delisted room's stays add one each. Beyond this the panel says there is more. */
const MOST = 200;

/** 40 ms, 1.2 s, 3 min 5 s, 2 h 5 min, 3 d 4 h: a delay as a person reads it. */
export function delay(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? "−" : "";
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const [unit, next, big, small] = abs < 3_600_000 ? [60_000, 1000, "min", "s"] : abs < 86_400_000 ? [3_600_000, 60_000, "h", "min"] : [86_400_000, 3_600_000, "d", "h"];
  const rest = Math.floor((abs % unit) / next);
  return `${sign}${Math.floor(abs / unit)} ${big}${rest ? ` ${rest} ${small}` : ""}`;
}

const toneOf = (type: string): Tone =>
  /Rejected|Declined/.test(type) ? "bad" : /Cancelled|Refunded|Deducted|Deleted/.test(type) ? "warn" : /Message/.test(type) ? "info" : "good";

/** The clock time to the millisecond (the saga's steps are milliseconds apart), with the date when it is not today. */
function instant(iso: string): HTMLTimeElement {
  const at = new Date(iso);
  const clock = `${at.toLocaleTimeString("en-GB")}.${String(at.getMilliseconds()).padStart(3, "0")}`;
  const text = at.toDateString() === new Date().toDateString() ? clock : `${at.toLocaleDateString("en-CA")} ${clock}`;
  return el("time", { datetime: iso, title: at.toLocaleString("en-GB") }, text);
}

function entry(event: TimelineEvent): HTMLLIElement {
  const cause = event.causedBy ? `after ${humanizeEvent(event.causedBy)}` : "by a request";
  const facts = [
    event.sincePreviousMs === null ? "first" : `+${delay(event.sincePreviousMs)}`,
    cause,
    `on the board ${delay(event.loggedAfterMs)} later`,
  ];
  const children: Array<Node | string> = [
    el("div", { class: "tl-head" }, instant(event.occurredAt), " ", el("strong", {}, humanizeEvent(event.type)), " ", el("span", { class: "tl-source" }, event.source)),
    el("div", { class: "tl-meta" }, facts.join(" · ")),
  ];
  if (event.consequences > 0) {
    const fan = event.type === "RoomDeleted" ? ` (the delisting cancels every stay of the room: ${event.consequences === 1 ? "this one" : `this and ${event.consequences - 1} more`})` : "";
    children.push(el("div", { class: "tl-fan" }, `→ caused ${event.consequences} event${event.consequences === 1 ? "" : "s"}${fan}`));
  }
  return el("li", { class: `tone-${toneOf(event.type)}`, "data-type": event.type, "data-event-id": event.eventId }, ...children);
}

/** Every page of the saga, up to MOST entries. */
async function readTimeline(reservationId: string, token: string | undefined): Promise<{ events: TimelineEvent[]; more: boolean; refused?: string }> {
  const events: TimelineEvent[] = [];
  for (;;) {
    const result = await request(TimelineDocument, { id: reservationId, first: PAGE, after: events.at(-1)?.eventId }, token);
    const page = result.data?.reservation?.timeline;
    if (!page) return { events, more: false, refused: result.errors[0]?.extensions?.code ?? result.errors[0]?.message ?? "no answer" };
    events.push(...page);
    if (page.length < PAGE) return { events, more: false };
    if (events.length >= MOST) return { events, more: true };
  }
}

/**
 * A reservation's saga behind a disclosure button: what happened, in order,
 * how long after the step before, and what caused it. `open` remembers which
 * timelines are open, so a re-render of the panel (a push) reads them again
 * instead of closing them.
 */
export function timelineDisclosure(reservationId: string, token: string | undefined, open: Set<string>): HTMLElement {
  const regionId = `timeline-${reservationId}`;
  const button = el("button", { type: "button", id: `timeline-toggle-${reservationId}`, class: "tl-toggle", "aria-expanded": "false", "aria-controls": regionId }, "Show timeline");
  const region = el("div", { id: regionId, class: "tl-region", hidden: "" });
  const show = async () => {
    button.setAttribute("aria-expanded", "true");
    button.textContent = "Hide timeline";
    region.hidden = false;
    region.setAttribute("aria-busy", "true");
    const { events, more, refused } = await readTimeline(reservationId, token).catch((error: unknown) => ({ events: [], more: false, refused: String(error) }));
    region.removeAttribute("aria-busy");
    if (refused) region.replaceChildren(el("p", { class: "error" }, `The timeline was refused (${refused}).`));
    else if (events.length === 0) region.replaceChildren(el("p", { class: "muted" }, "No events have reached the board yet."));
    else {
      const list = el("ol", { class: "timeline", "aria-label": `What happened to reservation ${reservationId}, in order` }, ...events.map(entry));
      region.replaceChildren(list, ...(more ? [el("p", { class: "muted" }, `The first ${events.length} events.`)] : []));
    }
    region.dataset.loaded = "true";
  };
  button.addEventListener("click", () => {
    if (open.delete(reservationId)) {
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show timeline";
      region.hidden = true;
      return;
    }
    open.add(reservationId);
    void show();
  });
  if (open.has(reservationId)) void show();
  return el("div", { class: "tl" }, button, region);
}
