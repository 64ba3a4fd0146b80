// Preloaded (`node --require`) into each process scripts/system.ts starts, with an IPC
// channel: when the launcher dies, even by kill -9, the channel closes and this process
// stops as on SIGTERM (gracefully) instead of holding its port for the next `npm start`.
process.channel?.unref();
process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
