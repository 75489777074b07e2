import type { EventMessage, PromptMessage } from "../shared/contract";
import { join } from "node:path";
import { listLocalFolder } from "./local/local-files";
import { PromptBroker } from "./prompts/prompt-broker";
import { createRouter, type Router } from "./router/router";
import { SessionManager } from "./sessions/session-manager";
import { CertificateTrust } from "./tls/certificate-trust";
import { TrustStore } from "./tls/trust-store";

export interface MainServicesOptions {
  /** The folder the local pane opens in. */
  homePath: string;
  /** Ferry's user-data folder: the trust store and, later, sites and the queue live here. */
  dataPath: string;
  version: string;
  /** Delivers events and prompts to the renderer, over whichever transport hosts main. */
  send: (message: EventMessage | PromptMessage) => void;
}

export interface MainServices {
  router: Router;
  /** The renderer went away (window closed, page left): closes every session and gives open prompts their safe answer. */
  rendererGone(): void;
}

/** The composition root of main/: every host (Electron, web) builds exactly this. */
export function createMainServices(options: MainServicesOptions): MainServices {
  const prompts = new PromptBroker(options.send);
  const trustStore = new TrustStore(join(options.dataPath, "trusted-certificates.json"));
  const sessions = new SessionManager(prompts, new CertificateTrust(trustStore, prompts), options.send);
  const router = createRouter({
      "app.info": async () => ({ homePath: options.homePath, platform: process.platform, version: options.version }),
      "local.list": ({ path }) => listLocalFolder(path),
      "session.open": (request) => sessions.open(request),
      "session.close": async ({ sessionId }) => {
        sessions.close(sessionId);
        return {};
      },
      "remote.list": ({ sessionId, path }) => sessions.list(sessionId, path),
      "trust.list": () => trustStore.list(),
      "trust.remove": async ({ host, port }) => {
        await trustStore.remove(host, port);
        return {};
      },
      "prompt.answer": async ({ promptId, answer }) => {
        prompts.answer(promptId, answer);
        return {};
      },
  });
  return {
    router,
    rendererGone() {
      prompts.cancelAll();
      sessions.closeAll();
    },
  };
}
