const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** One readable line per pino JSON record, prefixed by the process; other output passes through. */
export function formatLogLine(process: string, line: string): string {
  const prefix = `[${process.padEnd(11)}]`;
  try {
    const { level, time, msg, service: _service, name: _name, pid: _pid, hostname: _host, ...rest } = JSON.parse(line);
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
    return `${prefix} ${String(time).slice(11, 23)} ${LEVELS[level] ?? level} ${msg}${extra}`;
  } catch {
    return `${prefix} ${line}`;
  }
}
