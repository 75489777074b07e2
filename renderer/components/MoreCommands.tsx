import { useLogStore } from "../stores/log-store";
import { usePanesStore } from "../stores/panes-store";
import { CommandButton } from "./CommandButton";
import { Icon } from "./Icon";
import { PopoverMenu } from "./PopoverMenu";

interface MoreCommandsProps {
  onTrustedCertificates(): void;
  onProxy(): void;
}

/** The command bar's less frequent commands; one list, shown in the bar or in its "More" menu. */
function Commands({ onTrustedCertificates, onProxy }: MoreCommandsProps) {
  const logVisible = useLogStore((state) => state.visible);
  const syncBrowsing = usePanesStore((state) => state.syncRoots !== undefined);
  return (
    <>
      <CommandButton id="panes.compare" />
      <CommandButton id="synchronize.open" aria-haspopup="dialog" />
      <CommandButton id="panes.sync-browsing" aria-pressed={syncBrowsing} />
      <CommandButton id="keep.show" aria-haspopup="dialog" title="Keep remote directory up to date" />
      <CommandButton id="log.toggle" aria-pressed={logVisible} />
      <button type="button" className="toolbar-button" aria-haspopup="dialog" onClick={onTrustedCertificates}>
        <Icon name="lock" />
        Trusted certificates
      </button>
      <button type="button" className="toolbar-button" aria-haspopup="dialog" onClick={onProxy}>
        <Icon name="proxy" />
        Proxy…
      </button>
    </>
  );
}

/**
 * A wide window shows these commands in the bar. A narrow one (a small window, 200 % zoom) puts
 * them in a "More" menu, so that the bar keeps to two rows and the panes their height; every
 * command keeps its key either way.
 */
export function MoreCommands(props: MoreCommandsProps) {
  return (
    <>
      <span className="wide-commands">
        <Commands {...props} />
      </span>
      <span className="narrow-commands">
        <PopoverMenu
          label="More commands"
          title="Synchronize, compare, the session log and more"
          face="More ▾"
          className="toolbar-button command-menu-button"
        >
          {(close) => (
            // The menu closes before the command runs: a dialog it opens takes the focus.
            <span className="more-commands" onClickCapture={close}>
              <Commands {...props} />
            </span>
          )}
        </PopoverMenu>
      </span>
    </>
  );
}
