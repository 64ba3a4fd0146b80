/**
 * The floor of a router written in Node: `node --import tsx bench/src/node-floor.ts <port>`.
 * It answers the bench's composed room(id) with the router's 6 fetches (room-fetches.ts) on
 * undici keep-alive pools, identical reads in flight shared and each caller parsing its own
 * copy (as the router's fetcher does), and nothing else: no parse, validation, plan, executor,
 * identity or limits. Its CPU per request is what any Node router pays before doing its work.
 */
import { createServer } from "node:http";
import { Pool } from "undici";
import { fetchRoom, subgraphUrl } from "./room-fetches.ts";

const port = Number(process.argv[2]);
const headers = { "content-type": "application/json", "x-internal-identity": process.env.NODE_FLOOR_INTERNAL_TOKEN! };
const pools = new Map<string, { pool: Pool; path: string }>();
const inFlight = new Map<string, Promise<string>>();

const send = async (url: string, body: string): Promise<string> => {
  let target = pools.get(url);
  if (!target) {
    const u = new URL(url);
    pools.set(url, (target = { pool: new Pool(u.origin, { connections: 128 }), path: u.pathname }));
  }
  const response = await target.pool.request({ method: "POST", path: target.path, headers, body });
  return response.body.text();
};

const post = async (url: string, request: unknown) => {
  const body = JSON.stringify(request);
  const key = `${url}\n${body}`;
  let shared = inFlight.get(key);
  if (!shared) {
    shared = send(url, body).finally(() => inFlight.delete(key));
    inFlight.set(key, shared);
  }
  return JSON.parse(await shared);
};

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const { variables } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { variables?: { id?: string } };
  // Anything without a room id is the peers' readiness probe ({ __typename }).
  const answer = variables?.id ? await fetchRoom(post, (context) => subgraphUrl(context, process.env), variables.id) : { data: { __typename: "Query" } };
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
}).listen(port, "127.0.0.1");
