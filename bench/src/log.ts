import os from "node:os";

export const log = (...parts: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);

/** The machine's load average (1, 5, 15 min), recorded before each scenario: numbers taken above ~2 are indicative at best. */
export const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);
