/**
 * The renderer's side of the benchmark, in Debian's Chromium through the web host: a folder of
 * 100 000 entries (first rows painted, worst frame while scrolling to the end, JS heap), a
 * queue of 100 000 jobs (JS heap), and Ferry's editor (F4 on a 1 MB server file until its text
 * shows, and the time per keystroke in a 5 MB file).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, expect, type Page } from "@playwright/test";
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

/** Connects the page to the server (accepting its certificate once) and types `folder` into the Remote path field, Enter not yet pressed. */
async function toFolder(page: Page, login: ServerLogin, folder: string) {
  await quickConnect(page, { ...login, encryption: "Require explicit FTP over TLS" });
  await page.getByRole("dialog", { name: "Unknown certificate" }).getByRole("button", { name: "Accept once" }).click();
  const remote = page.getByRole("region", { name: "Remote" });
  await remote.getByRole("grid").getByRole("row").nth(1).waitFor();
  // Ctrl+L turns the path bar into a field, as in WinSCP.
  await remote.getByRole("grid").focus();
  await page.keyboard.press("Control+l");
  const input = remote.getByLabel("Remote path to open");
  await input.fill(folder);
  return { remote, input };
}

/** Opens `folder` on the server in the Remote pane and times it as a user sees it. */
export async function measureListing(login: ServerLogin, folder: string, firstName: string, lastName: string): Promise<ListingFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-bench-web-"));
  return withPage(dataDir, tmpdir(), async (page) => {
    const { input } = await toFolder(page, login, folder);

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

declare global {
  interface Window {
    /** The benchmark's: one keystroke's time, handed to Node. */
    keystrokeTime?: (ms: number) => void;
  }
}

/** Keydown to the frame after the character shows: the median, the 95th percentile and the worst. */
export interface KeystrokeFigures {
  medianMs: number;
  p95Ms: number;
  worstMs: number;
}

export interface EditorFigures {
  /** F4 on the 1 MB file until the frame that shows its text (median of the runs). */
  openMs: number;
  /** Typing in the 5 MB file. */
  large: KeystrokeFigures;
  /** Typing in a 2 KB file: what a keystroke costs this machine's Chromium whatever the file. */
  tiny: KeystrokeFigures;
}

/**
 * F4 on `smallName` (1 MB) in the server's `folder`, `runs` times (each closed again), timed
 * from the key to the frame that shows `firstLine`; then `keystrokes` characters typed into the
 * middle of `largeName` (5 MB) and into `tinyName` (2 KB), each timed from its keydown to the
 * frame after the editor took it.
 */
export async function measureEditor(
  login: ServerLogin,
  folder: string,
  file: { smallName: string; largeName: string; tinyName: string; firstLine: string },
  runs: number,
  keystrokes = 60,
): Promise<EditorFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-bench-editor-"));
  return withPage(dataDir, tmpdir(), async (page) => {
    const { remote, input } = await toFolder(page, login, folder);
    await input.press("Enter");
    const grid = remote.getByRole("grid");
    const open: number[] = [];
    for (let run = 0; run < runs; run++) {
      await grid.getByRole("row", { name: new RegExp(file.smallName.replace(".", "\\.")) }).click();
      open.push(
        await grid.evaluate(
          (element, line) =>
            new Promise<number>((done) => {
              const started = performance.now();
              // The editor draws in a shadow root no observer of the page sees: each frame looks for the text.
              const frame = (now: number) => {
                const content = document.querySelector(".code-editor")?.shadowRoot?.querySelector(".cm-content");
                if (content?.textContent?.includes(line)) done(now - started);
                else requestAnimationFrame(frame);
              };
              element.dispatchEvent(new KeyboardEvent("keydown", { key: "F4", bubbles: true }));
              requestAnimationFrame(frame);
            }),
          file.firstLine,
        ),
      );
      await page.keyboard.press("Escape");
      await grid.waitFor();
    }

    const times: number[] = [];
    await page.exposeFunction("keystrokeTime", (ms: number) => times.push(ms));
    await page.evaluate(() => {
      document.addEventListener(
        "keydown",
        (event) => {
          if (event.key === "PageDown" || event.key === "Escape" || event.key === "F4") return;
          const started = event.timeStamp;
          requestAnimationFrame(() => {
            // After the frame's paint: a message posted from the frame's callback runs once it is drawn.
            const channel = new MessageChannel();
            channel.port1.onmessage = () => window.keystrokeTime?.(performance.now() - started);
            channel.port2.postMessage(undefined);
          });
        },
        { capture: true },
      );
    });
    const typeInto = async (name: string): Promise<KeystrokeFigures> => {
      await grid.getByRole("row", { name: new RegExp(name.replace(".", "\\.")) }).click();
      await page.keyboard.press("F4");
      const text = page.getByRole("textbox", { name: `Text of ${name}` });
      await text.waitFor();
      await text.focus();
      // Away from the top: CodeMirror's document tree and the highlighter work there as anywhere.
      for (let step = 0; step < 30; step++) await page.keyboard.press("PageDown");
      times.length = 0;
      for (let key = 0; key < keystrokes; key++) await page.keyboard.press(key % 10 === 9 ? "Enter" : "x");
      await expect.poll(() => times.length).toBe(keystrokes);
      const sorted = [...times].sort((a, b) => a - b);
      const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Close without saving" }).click();
      await grid.waitFor();
      return { medianMs: at(0.5), p95Ms: at(0.95), worstMs: sorted.at(-1) ?? 0 };
    };
    const large = await typeInto(file.largeName);
    return { openMs: [...open].sort((a, b) => a - b)[Math.floor(open.length / 2)] ?? 0, large, tiny: await typeInto(file.tinyName) };
  });
}
