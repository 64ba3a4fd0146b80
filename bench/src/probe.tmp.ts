import { actor, registerRooms, reserve, day } from "./seed.ts";
const url = "http://127.0.0.1:4700/graphql";
const host = await actor(["host"]); const guest = await actor(["guest"]);
const [room] = await registerRooms(url, host, 1, "Probe");
for (let i = 0; i < 8; i++) { const t = performance.now(); await reserve(url, guest, room!, 10 + i); console.log("reserve ms", (performance.now() - t).toFixed(1)); }
