/**
 * The renderer's side of the benchmark, in Debian's Chromium through the web host: a folder of
 * 100 000 entries (first rows painted, worst frame while scrolling to the end, JS heap) and a
 * queue of 100 000 jobs (JS heap).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Page } from "@playwright/test";
import type { TransferJob } from "../../shared/transfer";
import { startWebHost } from "../../app/web/web-host";
import { quickConnect } from "../fixtures/quick-connect";

export interface ServerLogin {
  port: number;
  user: string;
  password: string;
}

export interface ListingFigures {
  firstRowsMs: number;
  worstScrollFrameMs: number;
  scrollMs: number;
  heapBytes: number;
}

const rendererDir = resolve(import.meta.dirname, "../../dist/renderer");

async function withPage<T>(dataDir: string, homePath: string, use: (page: Page) => Promise<T>): Promise<T> {
  const host = await startWebHost({ dataDir, homePath, version: "bench", rendererDir });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx compiles the functions handed to page.evaluate with esbuild's name helper, which the page lacks.
    await page.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
    await page.goto(host.url);
    return await use(page);
  } finally {
    await browser.close();
    await host.close();
  }
}

/** The JS heap after a full garbage collection: what the page keeps, not what it happened to leave. */
async function heapAfterCollection(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return usedSize;
}

/** Opens `folder` on the server in the Remote pane and times it as a user sees it. */
export async function measureListing(login: ServerLogin, folder: string, firstName: string, lastName: string): Promise<ListingFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-bench-web-"));
  return withPage(dataDir, tmpdir(), async (page) => {
    await quickConnect(page, { ...login, encryption: "Require explicit FTP over TLS" });
    await page.getByRole("dialog", { name: "Unknown certificate" }).getByRole("button", { name: "Accept once" }).click();
    const remote = page.getByRole("region", { name: "Remote" });
    await remote.getByRole("grid").getByRole("row").nth(1).waitFor();
    // Ctrl+L turns the path bar into a field, as in WinSCP.
    await remote.getByRole("grid").focus();
    await page.keyboard.press("Control+l");
    const input = remote.getByLabel("Remote path to open");
    await input.fill(folder);

    // From Enter in the path field to the frame that shows the first entries.
    const firstRowsMs = await input.evaluate(
      (field, name) =>
        new Promise<number>((done) => {
          const grid = document.querySelector('[data-pane="remote"] [role=grid]');
          if (!grid) throw new Error("no remote grid");
          const started = performance.now();
          const observer = new MutationObserver(() => {
            if (!grid.textContent?.includes(name)) return;
            observer.disconnect();
            requestAnimationFrame(() => done(performance.now() - started));
          });
          observer.observe(grid, { childList: true, subtree: true, characterData: true });
          field.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        }),
      firstName,
    );

    // Scrolls to the end in 50 steps, one per frame, and keeps the longest frame.
    const scroll = await page.evaluate(
      (name) =>
        new Promise<{ worst: number; total: number }>((done) => {
          const grid = document.querySelector<HTMLElement>('[data-pane="remote"] [role=grid]');
          if (!grid) throw new Error("no remote grid");
          const step = grid.scrollHeight / 50;
          const started = performance.now();
          let last = started;
          let worst = 0;
          const frame = (now: number) => {
            worst = Math.max(worst, now - last);
            last = now;
            if (grid.textContent?.includes(name)) return done({ worst, total: now - started });
            grid.scrollTop += step;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      lastName,
    );
    return { firstRowsMs, worstScrollFrameMs: scroll.worst, scrollMs: scroll.total, heapBytes: await heapAfterCollection(page) };
  });
}

/** Starts the web host with `count` paused jobs in its saved queue and measures the heap with them all loaded. */
export async function measureQueue(count: number): Promise<{ heapBytes: number; shownMs: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-bench-queue-"));
  const batchId = randomUUID();
  const jobs: TransferJob[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    batchId,
    direction: "download",
    move: false,
    kind: "file",
    site: "bench@127.0.0.1:21",
    localPath: `/tmp/bench/folder-${i % 100}/file-${i}.txt`,
    remotePath: `/bench/folder-${i % 100}/file-${i}.txt`,
    size: 4096,
    transferred: 0,
    status: "paused",
    attempts: 0,
  }));
  await writeFile(join(dataDir, "transfer-queue.json"), JSON.stringify({ version: 1, jobs }));
  return withPage(dataDir, tmpdir(), async (page) => {
    const started = Date.now();
    await page
      .getByRole("region", { name: "Transfer queue" })
      .getByRole("row", { name: /file-0\.txt/ })
      .waitFor();
    const shownMs = Date.now() - started;
    return { heapBytes: await heapAfterCollection(page), shownMs };
  });
}
