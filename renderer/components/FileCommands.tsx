import { CommandButton } from "./CommandButton";

/** The common file operations as toolbar buttons, acting on the focused pane, with their keys. */
export function FileCommands() {
  return (
    <span className="file-commands" aria-label="File commands" role="group">
      <CommandButton id="pane.mkdir" />
      <CommandButton id="pane.rename" />
      <CommandButton id="pane.delete" />
      <CommandButton id="pane.properties" />
      <CommandButton id="pane.refresh" />
    </span>
  );
}
