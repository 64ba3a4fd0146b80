import type { Delay } from "./bench.ts";
import type { LoadResult } from "./load.ts";

/** The ratios between scenarios and the issue's targets, from what the scenarios recorded. */
export function summarise(scenarios: Record<string, unknown>, rssSteady: Record<string, number>, peerProcesses: string[]) {
  const get = (key: string) => scenarios[key] as LoadResult | undefined;
  const ratios: Record<string, number | null> = {};
  const composed = get("composed");
  const direct = get("direct");
  const hive = get("hive");
  const peer = get("hiveRust");
  if (composed && direct) {
    ratios.routerOverDirect = composed.rps / direct.rps;
    ratios.routerOverhead = 1 - composed.rps / direct.rps;
  }
  if (composed?.cpuMsPerRequest?.router) {
    // The router's share of all the CPU a composed request costs: overhead that the machine's other load disturbs less.
    const cpu = composed.cpuMsPerRequest;
    const total = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
    ratios.routerCpuShare = cpu.router! / total;
  }
  if (composed && peer) {
    ratios.oursOverPeer = composed.rps / peer.rps;
    ratios.p99OursOverPeer = composed.p99 / peer.p99;
    const ourCpu = composed.cpuMsPerRequest?.router;
    const peerCpu = peer.cpuMsPerRequest?.["hive-router-runtime"];
    if (ourCpu && peerCpu) ratios.gatewayCpuPeerOverOurs = peerCpu / ourCpu;
  }
  if (composed && hive) {
    ratios.oursOverHive = composed.rps / hive.rps;
    const ourCpu = composed.cpuMsPerRequest?.router;
    const hiveCpu = hive.cpuMsPerRequest?.["hive-gateway"];
    if (ourCpu && hiveCpu) ratios.gatewayCpuHiveOverOurs = hiveCpu / ourCpu;
    ratios.p99OursOverHive = composed.p99 / hive.p99;
  }
  const floor = get("nodeFloor");
  if (composed && floor) {
    ratios.oursOverNodeFloor = composed.rps / floor.rps;
    const ourCpu = composed.cpuMsPerRequest?.router;
    const floorCpu = floor.cpuMsPerRequest?.["node-floor"];
    if (ourCpu && floorCpu) ratios.routerCpuAboveNodeFloor = ourCpu - floorCpu;
  }
  const reserve = get("reserve");
  const steady = get("reserveSteady");
  const delay = (key: string) => scenarios[key] as Delay | undefined;
  const [boardDelay, steadyBoardDelay, steadyPushDelay] = [delay("eventToBoard"), delay("eventToBoardSteady"), delay("eventToPushSteady")];
  const cpuPerBooking = reserve?.cpuMsPerRequest ? Object.values(reserve.cpuMsPerRequest).reduce((sum, ms) => sum + ms, 0) : undefined;
  // The saturated booking's cost: every process's CPU, Postgres and nats-server included, and its split.
  const writePath = reserve && cpuPerBooking !== undefined
    ? { bookingsPerSecond: reserve.rps, p99Ms: reserve.p99, cpuMsPerBooking: Math.round(cpuPerBooking * 100) / 100, cpuMsPerBookingByProcess: reserve.cpuMsPerRequest }
    : undefined;
  const subgraphRss = Object.entries(rssSteady).filter(([name]) => !name.startsWith("router") && !peerProcesses.some((peer) => name.startsWith(peer)));
  const maxSubgraphRss = Math.max(0, ...subgraphRss.map(([, mb]) => mb));
  const targets: Record<string, boolean | null> = {
    "room(id) >= 1.5x Hive Gateway + Rust planner at <= its p99": composed && peer ? composed.rps >= 1.5 * peer.rps && composed.p99 <= peer.p99 : null,
    "router overhead <= 25%": ratios.routerOverhead !== undefined ? (ratios.routerOverhead as number) <= 0.25 : null,
    "router CPU per composed request <= 0.5 ms": composed?.cpuMsPerRequest?.router !== undefined ? composed.cpuMsPerRequest.router <= 0.5 : null,
    "reserveRoom saturated >= 200/s, p99 < 500 ms, 0 errors": reserve ? reserve.rps >= 200 && reserve.p99 < 500 && reserve.errors === 0 : null,
    "all processes' CPU per booking <= 10 ms": cpuPerBooking !== undefined ? cpuPerBooking <= 10 : null,
    "at half that rate: p99 < 150 ms, event-to-board p99 < 200 ms, event-to-push p99 < 300 ms":
      steady && steadyBoardDelay && steadyPushDelay ? steady.p99 < 150 && steadyBoardDelay.p99 < 200 && steadyPushDelay.p99 < 300 : null,
    "event-to-board p99 < 1 s at saturation": boardDelay ? boardDelay.p99 < 1000 : null,
    "every subgraph's RSS < 150 MB at steady state": subgraphRss.length ? maxSubgraphRss < 150 : null,
  };
  const lines = [
    ratios.oursOverPeer !== undefined ? `ours / Hive Gateway + Rust planner: ${(ratios.oursOverPeer as number).toFixed(2)}× throughput, p99 ${composed!.p99.toFixed(1)} vs ${peer!.p99.toFixed(1)} ms; gateway CPU per composed request ${composed!.cpuMsPerRequest?.router ?? "–"} vs ${peer!.cpuMsPerRequest?.["hive-router-runtime"] ?? "–"} ms` : undefined,
    ratios.oursOverHive !== undefined ? `ours / Hive Gateway: ${(ratios.oursOverHive as number).toFixed(2)}× throughput, p99 ${composed!.p99.toFixed(1)} vs ${hive!.p99.toFixed(1)} ms` : undefined,
    ratios.gatewayCpuHiveOverOurs !== undefined ? `gateway CPU per composed request: Hive ${hive!.cpuMsPerRequest!["hive-gateway"]} ms, ours ${composed!.cpuMsPerRequest!.router} ms (${(ratios.gatewayCpuHiveOverOurs as number).toFixed(2)}× less)` : undefined,
    ratios.routerCpuShare !== undefined ? `router's share of the CPU of a composed request: ${Math.round((ratios.routerCpuShare as number) * 100)} %` : undefined,
    ratios.routerOverhead !== undefined ? `router overhead vs direct: ${Math.round((ratios.routerOverhead as number) * 100)} %` : undefined,
    ratios.routerCpuAboveNodeFloor !== undefined
      ? `bare Node forwarder (the floor of a Node router): ${floor!.cpuMsPerRequest!["node-floor"]} ms CPU per composed request; the router spends ${(ratios.routerCpuAboveNodeFloor as number).toFixed(2)} ms more, at ${(ratios.oursOverNodeFloor as number).toFixed(2)}× its throughput`
      : undefined,
  ].filter((line): line is string => line !== undefined);
  if (writePath) lines.push(`CPU per booking, all processes: ${writePath.cpuMsPerBooking} ms (${Object.entries(writePath.cpuMsPerBookingByProcess!).map(([name, ms]) => `${name} ${ms}`).join(", ")})`);
  return { ratios, targets, lines, writePath };
}
