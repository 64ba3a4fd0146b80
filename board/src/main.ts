import "./styles.css";
import { connectLive, request, type LiveState } from "./api.ts";
import { BoardTable } from "./board-table.ts";
import { DetailPanel } from "./detail-panel.ts";
import { ROOM_BOARD, ROOM_CHANGED, type BoardEntry } from "./graphql.ts";
import { el } from "./format.ts";

/** Rows on the page; the router allows 100 subscriptions per connection, one per row. */
const BOARD_SIZE = 100;
/**
 * Pushes are per room, so a room registered after the page opened has nobody
 * pushing it here: the page reads the whole board again every few seconds (one
 * cheap read) and follows the rooms it did not know. `?refresh=<seconds>` changes it.
 */
const REFRESH_MS = Math.max(1, Number(new URLSearchParams(location.search).get("refresh") ?? 5)) * 1000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const banner = $<HTMLDivElement>("live-banner");
const boardError = $<HTMLParagraphElement>("board-error");
const roomCount = $<HTMLSpanElement>("room-count");
const table = $<HTMLTableElement>("board");
const empty = $<HTMLParagraphElement>("board-empty");

let token: string | undefined;
const detail = new DetailPanel($("detail"), () => token);
const board = new BoardTable($<HTMLTableSectionElement>("board-rows"), (roomId, opener) => void detail.open(roomId, opener));

// ---- live updates
const BANNERS: Record<LiveState, { text: string; tone: string }> = {
  connecting: { text: "Connecting to live updates…", tone: "info" },
  connected: { text: "Live: rows change as events arrive.", tone: "good" },
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

const following = new Map<string, () => void>();

function follow(roomId: string) {
  const stop = live.subscribe<{ roomChanged: { id: string; board: BoardEntry } }>(
    { query: ROOM_CHANGED, variables: { roomId } },
    {
      next: (push) => {
        const entry = push.data?.roomChanged.board;
        if (entry && board.update(entry)) detail.refreshSoon(roomId);
      },
      error: (error) => {
        console.warn(`live updates for room ${roomId} refused`, error);
        following.delete(roomId);
      },
      complete: () => following.delete(roomId),
    },
  );
  following.set(roomId, stop);
}

// ---- the board
let refreshing: Promise<void> | null = null;

function refresh(): Promise<void> {
  refreshing ??= readBoard().finally(() => (refreshing = null));
  return refreshing;
}

async function readBoard() {
  try {
    const result = await request<{ roomBoard: BoardEntry[] }>(ROOM_BOARD, { first: BOARD_SIZE });
    if (!result.data) throw new Error(result.errors[0]?.message ?? "no data");
    const { removed } = board.replaceAll(result.data.roomBoard);
    for (const roomId of removed) {
      following.get(roomId)?.();
      following.delete(roomId);
    }
    for (const roomId of board.roomIds()) if (!following.has(roomId)) follow(roomId);
    roomCount.textContent = board.size === 1 ? "1 room" : `${board.size} rooms`;
    table.dataset.loaded = "true";
    table.removeAttribute("aria-busy");
    empty.hidden = board.size > 0;
    boardError.hidden = true;
  } catch (error) {
    boardError.textContent = `Could not read the board (${error instanceof Error ? error.message : String(error)}); trying again.`;
    boardError.hidden = false;
  }
}

async function poll() {
  if (!document.hidden) await refresh();
  setTimeout(poll, REFRESH_MS);
}
document.addEventListener("visibilitychange", () => {
  if (!document.hidden) void refresh();
});
void poll();

// ---- the host's token, for the detail panel (kept in this tab's memory only)
const tokenForm = $<HTMLFormElement>("token-form");
const tokenInput = $<HTMLInputElement>("token");
const tokenStatus = $<HTMLParagraphElement>("token-status");

function subjectOf(jwt: string): string | null {
  try {
    const payload = JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: unknown };
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}

tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = tokenInput.value.trim().replace(/^Bearer\s+/i, "");
  token = value || undefined;
  const sub = token ? subjectOf(token) : null;
  tokenStatus.textContent = !token ? "No token: you see what anyone may see." : sub ? `Using the token of ${sub}.` : "That does not look like a JWT; it will likely be refused.";
  detail.refreshSoon();
});
tokenForm.addEventListener("reset", () => {
  token = undefined;
  tokenStatus.textContent = "Token forgotten: you see what anyone may see.";
  detail.refreshSoon();
});
