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
    // A resized window (or zoom) would leave it away from its button, or outside the window; so would contents that
    // grow (a setting that shows more fields).
    const replace = () => place();
    window.addEventListener("resize", replace);
    // Placed in the next frame: a size set while the observer delivers would be a "ResizeObserver loop" error.
    const grown = new ResizeObserver(() => requestAnimationFrame(replace));
    if (panel.current) grown.observe(panel.current);
    return () => {
      window.removeEventListener("resize", replace);
      grown.disconnect();
    };
  }, [open]);

  function place() {
    const anchor = button.current?.getBoundingClientRect();
    const list = panel.current;
    if (!anchor || !list) return;
    // Measured at the window's left edge with no height limit: where it stood before would squeeze it to the room left.
    list.style.maxHeight = "";
    list.style.left = "0px";
    const { width, height } = list.getBoundingClientRect();
    const left = Math.max(margin, Math.min(anchor.right - width, window.innerWidth - width - margin));
    const roomBelow = window.innerHeight - margin - (anchor.bottom + 2);
    const roomAbove = anchor.top - 2 - margin;
    // Below the button, else above; where it fits neither, on the roomier side, scrolling, never over its own button
    // (which closes it again). A button scrolled out of a low window leaves the popover at the window's foot.
    const below = height <= roomBelow || (height > roomAbove && roomBelow >= roomAbove);
    const room = Math.max(below ? roomBelow : roomAbove, 0);
    if (height > room && room > 0) list.style.maxHeight = `${room}px`;
    const shown = Math.min(height, room > 0 ? room : height);
    const top = below
      ? Math.max(margin, anchor.bottom + 2)
      : Math.max(margin, Math.min(anchor.top - 2 - shown, window.innerHeight - shown - margin));
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
