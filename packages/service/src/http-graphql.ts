import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";

const MAX_BODY_BYTES = 1024 * 1024;

export class RequestBodyError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Reads a JSON body up to a limit; malformed or oversized bodies are the client's fault, never a 500. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new RequestBodyError(413, `request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new RequestBodyError(413, `request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new RequestBodyError(400, "request body is not valid JSON");
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendGraphQLError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** The JSON body of a POST; undefined after answering the client's error (malformed, too large). */
export async function readGraphQLBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): Promise<{ body: unknown } | undefined> {
  try {
    return { body: req.method === "POST" ? await readJsonBody(req, limit) : undefined };
  } catch (error) {
    if (!(error instanceof RequestBodyError)) throw error;
    // The rest of an oversized body is not read: the connection cannot be reused.
    if (error.status === 413) res.setHeader("connection", "close");
    sendGraphQLError(res, error.status, "BAD_REQUEST", error.message);
    return undefined;
  }
}

/** Apollo Server on plain node:http: the whole integration is this function (and readGraphQLBody). */
export async function executeGraphQL<C extends BaseContext>(
  apollo: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<C>,
  body: unknown,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method?.toUpperCase() ?? "GET", headers, search: query >= 0 ? url.slice(query) : "", body },
    context,
  });
  res.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === "complete") {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}
