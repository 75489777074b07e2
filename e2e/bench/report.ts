/** Medians, ratios and the printed table of the benchmark. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One row of the table: a scenario, each tool's median rate, and Ferry's ratio to the best peer. */
export interface BenchRow {
  scenario: string;
  unit: string;
  /** Median rate per tool (higher is better), and the runs' times in seconds. */
  tools: Record<string, { rate: number; seconds: number[] }>;
  ratio: number;
  target: number;
}

export function rowFor(
  scenario: string,
  unit: string,
  target: number,
  runs: Record<string, { rate: number[]; seconds: number[] }>,
  ferryTool: string,
): BenchRow {
  const tools = Object.fromEntries(Object.entries(runs).map(([tool, r]) => [tool, { rate: median(r.rate), seconds: r.seconds }]));
  const peers = Object.entries(tools).filter(([tool]) => !tool.startsWith("ferry"));
  const bestPeer = Math.max(...peers.map(([, r]) => r.rate));
  return { scenario, unit, tools, ratio: (tools[ferryTool]?.rate ?? 0) / bestPeer, target };
}

function cell(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

export function formatTable(rows: BenchRow[]): string {
  const lines = [
    "| scenario | Ferry | Ferry ×4 | curl | lftp | Ferry / best peer | target |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const rate = (row: BenchRow, tool: string) => {
    const value = row.tools[tool]?.rate;
    return value === undefined ? "—" : `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${row.unit}`;
  };
  for (const row of rows) {
    const met = row.ratio >= row.target ? "met" : "MISSED";
    lines.push(
      `| ${cell(row.scenario, 40)} | ${rate(row, "ferry")} | ${rate(row, "ferry ×4")} | ${rate(row, "curl")} | ${rate(row, "lftp")} | ${row.ratio.toFixed(2)} | ≥ ${row.target} (${met}) |`,
    );
  }
  return lines.join("\n");
}

/** One step of the Synchronize section on one server: each tool's median seconds and the files it planned or moved. */
export interface SyncTableRow {
  server: string;
  step: "plan" | "synchronize" | "second run";
  tools: Record<string, { seconds: number; files: number }>;
}

/** Ferry's plan against the faster peer's, and its second run against the clock; the whole synchronization is shown as measured. */
export const planTarget = 1.5;
export const secondRunTargetSeconds = 3;

export function formatSyncTable(rows: SyncTableRow[], files: number, changed: number): string {
  const lines = [
    `| ${files} files, ${changed} changed here | Ferry | lftp mirror -R | rclone sync | best peer / Ferry | target |`,
    "| --- | ---: | ---: | ---: | ---: | --- |",
  ];
  const cell = (row: SyncTableRow, tool: string) => {
    const value = row.tools[tool];
    return value ? `${value.seconds.toFixed(2)} s (${value.files})` : "—";
  };
  for (const row of rows) {
    const ferry = row.tools.ferry?.seconds ?? Infinity;
    const bestPeer = Math.min(...Object.entries(row.tools).flatMap(([tool, r]) => (tool === "ferry" ? [] : [r.seconds])));
    const ratio = bestPeer / ferry;
    const target =
      row.step === "plan"
        ? `≥ ${planTarget} (${ratio >= planTarget ? "met" : "MISSED"})`
        : row.step === "second run"
          ? `Ferry < ${secondRunTargetSeconds} s (${ferry < secondRunTargetSeconds ? "met" : "MISSED"})`
          : "—";
    lines.push(
      `| ${row.step}, ${row.server} | ${cell(row, "ferry")} | ${cell(row, "lftp")} | ${cell(row, "rclone")} | ${ratio.toFixed(2)} | ${target} |`,
    );
  }
  return lines.join("\n");
}
