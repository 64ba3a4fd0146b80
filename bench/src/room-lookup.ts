/**
 * What the fresh-room read costs a booking, alone: `tsx bench/src/room-lookup.ts [lookups]`.
 * The room subgraph runs in this process (its own test database and stream), so the CPU
 * time measured is the reservation side (undici, internal token, JSON) plus the room side
 * (routing, token check, one primary-key read, JSON); Postgres's own CPU is not counted.
 */
import { DEV_INTERNAL_SECRET } from "@airbnb/config";
import { InternalTokens } from "@airbnb/identity";
import { startTestSubgraph } from "@airbnb/testkit";
import { HttpRoomDirectory } from "@airbnb/subgraph-reservation/room-directory";
import { roomSubgraph } from "@airbnb/subgraph-room/subgraph";

const lookups = Number(process.argv[2] ?? 5000);
const room = await startTestSubgraph(roomSubgraph, "bench-room-lookup");
const registered = await room.query(
  `mutation { registerRoom(input: { name: "n", description: "d", city: "c", pricePerNight: 1000, capacity: 2 }) { id } }`,
  {},
  { userId: "bench-host", roles: ["host"] },
);
const roomId = registered.data!.registerRoom.id as string;
const directory = new HttpRoomDirectory({ baseUrl: room.url.replace(/\/graphql$/, ""), tokens: new InternalTokens(DEV_INTERNAL_SECRET, "reservation"), timeoutMs: 1_000 });

const run = async (n: number) => {
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next++ < n) if (!(await directory.find(roomId))) throw new Error("room not found");
  }));
};
await run(500); // warm-up: connections, JIT
const cpu = process.cpuUsage();
const started = performance.now();
await run(lookups);
const used = process.cpuUsage(cpu);
const wallMs = performance.now() - started;
console.log(JSON.stringify({
  lookups,
  cpuMsPerLookup: Math.round(((used.user + used.system) / 1000 / lookups) * 1000) / 1000,
  wallMsPerLookupAt8: Math.round((wallMs / lookups) * 8 * 1000) / 1000,
}));
await directory.close();
await room.stop();
