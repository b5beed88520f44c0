import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words: who is told, what changes, how to undo it. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** A destructive action: the confirm button is drawn as a warning. */
  danger?: boolean;
  busy?: boolean;
  /** Called with the dialog's form data (fields placed in `children` are read from it). */
  onConfirm(data: FormData): void;
  onCancel(): void;
}

/**
 * A modal confirmation (the native <dialog>: focus kept inside, Escape cancels, focus returns to
 * where it was). The cancel button has the focus first, so Enter never confirms by accident.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const back = document.activeElement;
    if (!d.open) d.showModal?.();
    cancelRef.current?.focus();
    return () => {
      if (d.open) d.close();
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onConfirm(new FormData(e.currentTarget));
  };
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id="confirm-title">{title}</h2>
        <div id="confirm-body">{children}</div>
        <div className="btn-row">
          <button ref={cancelRef} type="button" className="btn" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
