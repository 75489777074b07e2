// Lint keeps the layers of DESIGN.md: what each folder may import is written here once.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import { builtinModules } from "node:module";
import tseslint from "typescript-eslint";

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const layer = (name, regex) => ({ regex, message: `${name} is another layer: see DESIGN.md, "Folders".` });
const toMain = layer("main/", "(^|/)main/");
const toRenderer = layer("renderer/", "(^|/)renderer/");
const toApp = layer("app/", "(^|/)app/");
const toE2e = layer("e2e/", "(^|/)e2e/");
const toTestSupport = layer("test-support/", "(^|/)test-support/");
const noNode = { paths: nodeModules.map((name) => ({ name, message: 'Node is not available here: see DESIGN.md, "Folders".' })) };
const noElectron = { name: "electron", message: "Only app/electron/ may import electron: use a port." };

const restrict = (files, { paths = [], patterns = [] }, ignores = []) => ({
  files,
  ignores,
  rules: { "no-restricted-imports": ["error", { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "release/", "test-results/", "playwright-report/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  {
    files: ["renderer/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  restrict(["shared/**"], {
    paths: [...noNode.paths, noElectron, { name: "react", message: "shared/ is the contract: no UI." }],
    patterns: [toMain, toRenderer, toApp, toE2e],
  }),
  restrict(["main/**"], { paths: [noElectron], patterns: [toRenderer, toApp, toE2e, toTestSupport] }, ["main/**/*.test.ts"]),
  restrict(["main/**/*.test.ts"], { paths: [noElectron], patterns: [toRenderer, toApp, toE2e] }),
  // Fixtures shared by unit and e2e tests: they may start main's services, never the UI or a host.
  restrict(["test-support/**"], { paths: [noElectron], patterns: [toRenderer, toApp, toE2e] }),
  restrict(["renderer/**"], { paths: [...noNode.paths, noElectron], patterns: [toMain, toApp, toE2e] }),
  restrict(["app/web/**"], { paths: [noElectron], patterns: [toRenderer] }),
  {
    files: ["app/web/cli.ts", "scripts/**", "e2e/**", "test-support/**"],
    rules: { "no-console": "off" },
  },
  {
    // Playwright reads a fixture's dependencies from its destructuring, so `{}` is meaningful.
    files: ["e2e/**"],
    rules: { "no-empty-pattern": "off" },
  },
);
