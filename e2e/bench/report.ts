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
