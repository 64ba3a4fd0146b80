import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

/**
 * The board page (board/, built by Vite at install time) as static files at
 * /board: only files under board/dist, GET and HEAD only, no directory
 * listing, no way out of the folder. Hashed assets are cached for a year;
 * index.html is revalidated on every load so a rebuild shows at once.
 */
const DIST = fileURLToPath(new URL("../../board/dist/", import.meta.url));

const PREFIX = "/board";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

// The page loads only its own script and style and talks only to this origin (HTTP and WebSocket).
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
};

export const isBoardPath = (pathname: string) => pathname === PREFIX || pathname.startsWith(`${PREFIX}/`);

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store", ...headers });
  res.end(text);
}

/** The file under `root` that a /board… path names, or null if it names none (or tries to leave `root`). */
export function resolveBoardFile(pathname: string, root: string = DIST): string | null {
  let rest: string;
  try {
    rest = decodeURIComponent(pathname.slice(PREFIX.length));
  } catch {
    return null;
  }
  if (rest.includes("\0") || rest.includes("\\")) return null;
  const normalized = path.posix.normalize(`/${rest}`);
  if (normalized.split("/").some((segment) => segment.startsWith("."))) return null;
  const file = path.join(root, normalized === "/" ? "index.html" : normalized);
  return file.startsWith(path.join(root, path.sep)) ? file : null;
}

export async function serveBoard(req: IncomingMessage, res: ServerResponse, root: string = DIST): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return sendText(res, 405, "Method not allowed\n", { allow: "GET, HEAD" });
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  const file = resolveBoardFile(pathname, root);
  if (!file) return sendText(res, 404, "Not found\n");

  const realRoot = await realpath(root).catch(() => null);
  if (!realRoot) {
    return sendText(res, 503, "The board page is not built: run `npm run build -w @airbnb/board` (npm install does it).\n");
  }
  const real = await realpath(file).catch(() => null);
  const info = real && real.startsWith(path.join(realRoot, path.sep)) ? await stat(real).catch(() => null) : null;
  if (!real || !info?.isFile()) return sendText(res, 404, "Not found\n");

  const extension = path.extname(real).toLowerCase();
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const hashedAsset = path.relative(realRoot, real).startsWith(`assets${path.sep}`);
  const headers: Record<string, string | number> = {
    "content-type": CONTENT_TYPES[extension] ?? "application/octet-stream",
    "cache-control": hashedAsset ? "public, max-age=31536000, immutable" : "no-cache",
    etag,
    "last-modified": info.mtime.toUTCString(),
    "x-content-type-options": "nosniff",
    ...(extension === ".html" ? PAGE_HEADERS : {}),
  };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  res.writeHead(200, { ...headers, "content-length": info.size });
  if (req.method === "HEAD") return void res.end();
  await pipeline(createReadStream(real), res);
}
