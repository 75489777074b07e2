import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/App";
import { installBridge } from "./transport/bridge";
import { createSocketBridge } from "./transport/socket-bridge";
import "./styles.css";

// The desktop app's preload gives the bridge; in a plain browser the web host's socket carries it.
installBridge(window.ferry ?? createSocketBridge(window.location));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
