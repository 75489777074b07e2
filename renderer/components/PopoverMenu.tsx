import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/** Room kept between a popover and the window's edge. */
const margin = 4;

interface PopoverMenuProps {
  /** Names both the button and the list it opens ("Local columns"). */
  label: string;
  title: string;
  className?: string;
  /** What the button shows (☆, ⋮). */
  face: ReactNode;
  onOpen?: () => void;
  /** The list's contents; `close` hides it (after a choice that ends the errand). */
  children: (close: () => void) => ReactNode;
}

/**
 * A small menu opened by a button (the path bar's menus, the queue's settings). It lives in the browser's top layer (the
 * HTML popover), so no `overflow: hidden` around the bar can clip it and nothing covers it; it
 * is placed under its button inside the window at any size, and closes on Escape (the focus
 * going back to the button) or a click anywhere else.
 */
export function PopoverMenu({ label, title, className, face, onOpen, children }: PopoverMenuProps) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    // A resized window (or zoom) would leave it away from its button, or outside the window.
    const replace = () => place();
    window.addEventListener("resize", replace);
    return () => window.removeEventListener("resize", replace);
  }, [open]);

  function place() {
    const anchor = button.current?.getBoundingClientRect();
    const list = panel.current;
    if (!anchor || !list) return;
    const { width, height } = list.getBoundingClientRect();
    const left = Math.max(margin, Math.min(anchor.right - width, window.innerWidth - width - margin));
    const below = anchor.bottom + 2;
    // Above the button when it does not fit below; never past the window's foot (a button scrolled out of a low window).
    const above = Math.min(anchor.top - height - 2, window.innerHeight - height - margin);
    const top = below + height <= window.innerHeight - margin ? below : Math.max(margin, above);
    list.style.left = `${left}px`;
    list.style.top = `${top}px`;
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className={`menu-button${className ? ` ${className}` : ""}`}
        aria-label={label}
        title={title}
        aria-haspopup="true"
        aria-expanded={open}
        popoverTarget={id}
      >
        {face}
      </button>
      <div
        ref={panel}
        id={id}
        popover="auto"
        className="popover-menu"
        role="group"
        aria-label={label}
        onToggle={(event) => {
          const opened = event.newState === "open";
          setOpen(opened);
          if (!opened) return;
          place();
          onOpen?.();
        }}
      >
        {children(() => document.getElementById(id)?.hidePopover())}
      </div>
    </>
  );
}
