import { useEffect, useRef, type ReactNode } from "react";

interface ModalDialogProps {
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  describedBy?: string;
  className?: string;
  /** Escape, or the browser closing the dialog: the caller decides what that means. */
  onCancel: () => void;
  children: ReactNode;
}

/**
 * A modal `<dialog>` that opens when it mounts. Escape goes through `onCancel` instead of
 * closing it behind React's back. Children's effects run first; a dialog that wants a
 * particular control focused does that in its own effect, which runs after this one opens it.
 */
export function ModalDialog({ labelledBy, describedBy, className, onCancel, children }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className={className ? `dialog ${className}` : "dialog"}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {children}
    </dialog>
  );
}
