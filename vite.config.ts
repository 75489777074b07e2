import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { contentSecurityPolicyMeta } from "./app/web/content-security-policy.ts";

/** The built page carries the CSP as a meta tag too: Electron loads it from a file. */
function cspMetaTag(): Plugin {
  return {
    name: "ferry-csp-meta",
    apply: "build",
    transformIndexHtml: () => [
      { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: contentSecurityPolicyMeta }, injectTo: "head-prepend" },
    ],
  };
}

export default defineConfig({
  root: "renderer",
  base: "./",
  plugins: [react(), cspMetaTag()],
  build: { outDir: "../dist/renderer", emptyOutDir: true, target: "chrome120" },
});
