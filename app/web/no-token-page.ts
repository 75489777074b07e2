/**
 * The page the web host shows instead of Ferry when the address has no valid token: without
 * one the socket is refused and every button would fail, so the page says how to get in.
 */
import { createHash } from "node:crypto";

const style = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
main { max-width: 36rem; margin: 2rem; padding: 1.5rem 2rem; border: 1px solid GrayText; border-radius: 8px; line-height: 1.5; }
h1 { font-size: 1.3rem; margin-top: 0; }
code { font-family: ui-monospace, monospace; font-size: 0.95em; overflow-wrap: anywhere; }
pre { padding: 0.6rem 0.8rem; border-radius: 6px; background: color-mix(in srgb, CanvasText 8%, Canvas); white-space: pre-wrap; }
`;

export const noTokenPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ferry — open the address the web host printed</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>Open Ferry with the address the web host printed</h1>
<p>This address has no valid token, so Ferry cannot let this page in. Each start of the web host makes a new token,
so an address from an earlier start no longer works.</p>
<p>In the terminal where you started Ferry (<code>npm start</code> or <code>npm run web</code>), the first line
is the address to open, with its token:</p>
<pre><code>Ferry web host: http://127.0.0.1:PORT/?token=…</code></pre>
<p>Open that address, or copy it into this tab. If the web host has stopped, start it again.</p>
</main>
</body>
</html>
`;

const styleHash = createHash("sha256").update(style).digest("base64");

/** No script at all; only the page's own inline style. */
export const noTokenPageSecurityPolicy = `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
