import { useEffect } from "react";
import { useNoticeStore } from "../stores/notice-store";

/** What main had to tell (a data file kept aside, say), one line each, until the user dismisses it. */
export function NoticeBar() {
  const notices = useNoticeStore((state) => state.notices);
  const dismiss = useNoticeStore((state) => state.dismiss);
  useEffect(() => useNoticeStore.getState().follow(), []);
  if (notices.length === 0) return null;
  return (
    <section className="notice-bar" aria-label="Notices">
      {notices.map((notice) => (
        <div key={notice.id} role="status" className="notice">
          <p className="notice-text">
            {notice.text}
            {notice.detail ? <span className="notice-detail">{notice.detail}</span> : null}
          </p>
          <button type="button" onClick={() => dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
