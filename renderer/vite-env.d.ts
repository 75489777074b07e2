/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** "1" checks main's answers against the contract in a production build too (see transport/bridge.ts). */
  readonly VITE_FERRY_CHECK_RESPONSES?: string;
}
