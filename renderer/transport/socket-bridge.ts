import { parseMainMessage, type CommandName, type CommandResult, type FerryBridge, type EventMessage, type PromptMessage } from "../../shared/contract";
import { ResultFrameSchema, socketPath, type CommandFrame } from "../../shared/socket-protocol";

type Listener = (message: EventMessage | PromptMessage) => void;

const lostHost: CommandResult<CommandName> = {
  ok: false,
  error: { code: "connection-lost", message: "The connection to the Ferry web host was lost. Reload the page to reconnect." },
};

/** The contract over the web host's WebSocket, for the renderer in a plain browser. */
export function createSocketBridge(location: Location): FerryBridge {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const socket = new WebSocket(`ws://${location.host}${socketPath}?token=${encodeURIComponent(token)}`);
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener("open", () => resolve(true), { once: true });
    socket.addEventListener("close", () => resolve(false), { once: true });
  });
  const pending = new Map<number, (result: CommandResult<CommandName>) => void>();
  const listeners = new Set<Listener>();
  let nextId = 1;

  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") return;
    let raw: unknown;
    try {
      raw = JSON.parse(event.data);
    } catch {
      return;
    }
    const result = ResultFrameSchema.safeParse(raw);
    if (result.success) {
      pending.get(result.data.id)?.(result.data.result as CommandResult<CommandName>);
      pending.delete(result.data.id);
      return;
    }
    const message = parseMainMessage(raw);
    if (message) for (const listener of listeners) listener(message);
  });
  socket.addEventListener("close", () => {
    for (const resolve of pending.values()) resolve(lostHost);
    pending.clear();
  });

  return {
    async invoke(channel, request) {
      if (!(await opened) || socket.readyState !== WebSocket.OPEN) return lostHost as never;
      const id = nextId++;
      const frame: CommandFrame = { kind: "command", id, channel, payload: request };
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: CommandResult<CommandName>) => void);
        socket.send(JSON.stringify(frame));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
