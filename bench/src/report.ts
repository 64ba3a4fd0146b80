import type { LoadResult } from "./load.ts";

export interface ScenarioRow {
  key: string;
  label: string;
  result?: LoadResult;
  /** For delay scenarios: p50/p99 in ms and the sample count. */
  delay?: { p50: number; p99: number; max: number; samples: number; missing: number };
  note?: string;
  /** The process whose CPU is this row's gateway column: the router unless a peer's. */
  gateway?: string;
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** The one table, as Markdown (prints well in a terminal too). */
export function table(rows: ScenarioRow[]): string {
  const lines = ["| scenario | req/s | p50 ms | p99 ms | errors | gateway CPU ms/req | subgraphs CPU ms/req | note |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"];
  for (const row of rows) {
    if (row.result) {
      const r = row.result;
      const cpu = r.cpuMsPerRequest ?? {};
      const gatewayProcess = row.gateway ?? "router";
      const gateway = cpu[gatewayProcess];
      const subgraphs = Object.entries(cpu).filter(([name]) => name !== "router" && name !== gatewayProcess).reduce((sum, [, ms]) => sum + ms, 0);
      lines.push(`| ${row.label} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.errors} / ${r.requests} | ${fmt(gateway, 2)} | ${r.cpuMsPerRequest ? fmt(subgraphs, 2) : "–"} | ${row.note ?? ""} |`);
    } else if (row.delay) {
      const d = row.delay;
      lines.push(`| ${row.label} | – | ${fmt(d.p50, 1)} | ${fmt(d.p99, 1)} | ${d.missing} / ${d.samples} | – | – | ${row.note ?? ""} |`);
    } else {
      lines.push(`| ${row.label} | – | – | – | – | – | – | ${row.note ?? ""} |`);
    }
  }
  return lines.join("\n");
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Two horizontal bar charts side by side: throughput and p99 per scenario. Hand-written SVG. */
export function chart(rows: ScenarioRow[], title: string): string {
  const items = rows.filter((row) => row.result || row.delay);
  const labelWidth = 300;
  const barWidth = 260;
  const rowHeight = 26;
  const top = 56;
  const width = labelWidth + 2 * (barWidth + 90) + 20;
  const height = top + items.length * rowHeight + 30;
  const maxRps = Math.max(1, ...items.map((row) => row.result?.rps ?? 0));
  const maxP99 = Math.max(1, ...items.map((row) => row.result?.p99 ?? row.delay?.p99 ?? 0));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">${escape(title)}</text>`,
    `<text x="${labelWidth}" y="${top - 10}" font-weight="600">throughput (req/s)</text>`,
    `<text x="${labelWidth + barWidth + 90}" y="${top - 10}" font-weight="600">p99 latency (ms)</text>`,
  ];
  items.forEach((row, i) => {
    const y = top + i * rowHeight;
    parts.push(`<text x="12" y="${y + 15}">${escape(row.label)}</text>`);
    if (row.result) {
      const w = Math.max(1, (row.result.rps / maxRps) * barWidth);
      parts.push(`<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="16" fill="#3b82f6"/>`);
      parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 16}">${fmt(row.result.rps)}</text>`);
    }
    const p99 = row.result?.p99 ?? row.delay?.p99;
    if (p99 !== undefined && !Number.isNaN(p99)) {
      const x = labelWidth + barWidth + 90;
      const w = Math.max(1, (p99 / maxP99) * barWidth);
      parts.push(`<rect x="${x}" y="${y + 4}" width="${w.toFixed(1)}" height="16" fill="${row.delay ? "#a855f7" : "#f97316"}"/>`);
      parts.push(`<text x="${(x + w + 4).toFixed(1)}" y="${y + 16}">${fmt(p99, 1)}</text>`);
    }
  });
  parts.push(`<text x="12" y="${height - 10}" fill="#666">orange: request p99 · purple: event delay p99 · npm run bench</text>`);
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
