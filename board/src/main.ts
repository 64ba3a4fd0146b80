import "./styles.css";
import { connectLive, request, subscribe, type GraphQLErrorShape, type LiveState } from "./api.ts";
import { BoardTable } from "./board-table.ts";
import { DetailPanel } from "./detail-panel.ts";
import { BoardTotalsDocument, RoomBoardDocument, RoomChangedDocument } from "./graphql.ts";
import { el } from "./format.ts";
import { Pager } from "./pager.ts";
import { TotalsStrip } from "./totals-strip.ts";

/**
 * Rows per page: one live subscription each, well under the router's 100 per
 * connection, so a page and the detail panel never come near the cap.
 */
const PAGE_SIZE = 50;
/**
 * Pushes are per room, so a room registered after the page opened has nobody
 * pushing it here: the page reads its page of the board (and the totals) again
 * every few seconds, one cheap read. `?refresh=<seconds>` changes it.
 */
const REFRESH_MS = Math.max(1, Number(new URLSearchParams(location.search).get("refresh") ?? 5)) * 1000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const banner = $<HTMLDivElement>("live-banner");
const boardError = $<HTMLParagraphElement>("board-error");
const liveRefused = $<HTMLParagraphElement>("live-refused");
const roomCount = $<HTMLSpanElement>("room-count");
const table = $<HTMLTableElement>("board");
const empty = $<HTMLParagraphElement>("board-empty");

const detail = new DetailPanel($<HTMLDialogElement>("detail"));
const board = new BoardTable($<HTMLTableSectionElement>("board-rows"), (roomId, opener) => void detail.open(roomId, opener));
const totals = new TotalsStrip($("totals"));
const pager = new Pager(
  { previous: $<HTMLButtonElement>("page-prev"), next: $<HTMLButtonElement>("page-next"), status: $<HTMLSpanElement>("page-status") },
  PAGE_SIZE,
  () => void readBoard(),
);

// ---- live updates
const BANNERS: Record<LiveState, { text: string; tone: string }> = {
  connecting: { text: "Connecting to live updates…", tone: "info" },
  connected: { text: "Live: rows on this page change as events arrive.", tone: "good" },
  lost: { text: "Live connection lost. Reconnecting… the board may be out of date until then.", tone: "bad" },
  restored: { text: "Live connection restored; the board was read again.", tone: "good" },
};

const live = connectLive((state) => {
  const { text, tone } = BANNERS[state];
  banner.dataset.state = state;
  banner.className = `banner tone-${tone}`;
  banner.replaceChildren(el("span", { class: "dot", "aria-hidden": "true" }), state === "restored" ? `${text} (${new Date().toLocaleTimeString("en-GB")})` : text);
  // Pushes missed while disconnected are not replayed: read the board again.
  if (state === "restored") void refresh();
});

/** The rooms of the page that are followed live, and those the router refused (retried after it said when). */
const following = new Map<string, () => void>();
const refused = new Map<string, ReturnType<typeof setTimeout>>();

function follow(roomId: string) {
  const stop = subscribe(live, RoomChangedDocument, { roomId }, {
    next: (push) => {
      const entry = push.data?.roomChanged.board;
      if (!entry || !board.update(entry)) return;
      detail.refreshSoon(roomId);
      totalsSoon();
    },
    error: (error) => {
      following.delete(roomId);
      const first = (Array.isArray(error) ? error[0] : null) as GraphQLErrorShape | null;
      const wait = Number(first?.extensions?.retryAfterSeconds ?? 10);
      clearTimeout(refused.get(roomId));
      refused.set(roomId, setTimeout(() => {
        refused.delete(roomId);
        if (board.roomIds().includes(roomId)) follow(roomId);
        showRefused();
      }, wait * 1000));
      showRefused(first?.extensions?.code ?? first?.message ?? "refused");
    },
    complete: () => following.delete(roomId),
  });
  following.set(roomId, stop);
}

function unfollow(roomId: string) {
  following.get(roomId)?.();
  following.delete(roomId);
  clearTimeout(refused.get(roomId));
  refused.delete(roomId);
}

/** Says, where the table is, which rows are not live and why: not a console warning nobody reads. */
function showRefused(reason?: string) {
  liveRefused.hidden = refused.size === 0;
  if (reason === undefined) return;
  const rooms = refused.size === 1 ? "1 room" : `${refused.size} rooms`;
  liveRefused.textContent = `Live updates were refused for ${rooms} on this page (${reason}); those rows update with the next read and are asked for again shortly.`;
}

// ---- the board: one page, with the totals
let refreshing: Promise<void> | null = null;

function refresh(): Promise<void> {
  refreshing ??= readBoard().finally(() => (refreshing = null));
  return refreshing;
}

/** Reads are numbered: a page asked for later (Next, Previous) wins over a read still on its way. */
let reads = 0;

async function readBoard(): Promise<void> {
  const generation = ++reads;
  try {
    const result = await request(RoomBoardDocument, { first: PAGE_SIZE, after: pager.after });
    if (generation !== reads) return;
    if (result.errors.some((error) => error.extensions?.field === "after")) {
      // The page's first row left the board (a rebuild): start again from the first page.
      pager.reset();
      return readBoard();
    }
    if (!result.data) throw new Error(result.errors[0]?.message ?? "no data");
    const { roomBoard: entries, boardTotals } = result.data;
    const { removed } = board.replaceAll(entries);
    for (const roomId of removed) unfollow(roomId);
    for (const roomId of board.roomIds()) if (!following.has(roomId) && !refused.has(roomId)) follow(roomId);
    showRefused();
    totals.show(boardTotals);
    pager.show(entries.at(-1)?.roomId ?? null, board.size, boardTotals.rooms);
    roomCount.textContent = boardTotals.rooms === 1 ? "1 room in all" : `${boardTotals.rooms.toLocaleString("en-US")} rooms in all`;
    table.dataset.loaded = "true";
    table.removeAttribute("aria-busy");
    empty.hidden = boardTotals.rooms > 0;
    boardError.hidden = true;
  } catch (error) {
    boardError.textContent = `Could not read the board (${error instanceof Error ? error.message : String(error)}); trying again.`;
    boardError.hidden = false;
  }
}

/** A push changed a row: the totals changed too; read them once the burst is over. */
let totalsTimer: ReturnType<typeof setTimeout> | undefined;
function totalsSoon() {
  clearTimeout(totalsTimer);
  totalsTimer = setTimeout(async () => {
    const result = await request(BoardTotalsDocument, {}).catch(() => null);
    if (result?.data) totals.show(result.data.boardTotals);
  }, 300);
}

async function poll() {
  if (!document.hidden) await refresh();
  setTimeout(poll, REFRESH_MS);
}
document.addEventListener("visibilitychange", () => {
  if (!document.hidden) void refresh();
});
void poll();
