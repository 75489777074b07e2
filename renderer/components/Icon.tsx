/** Small line icons drawn in SVG: emoji fonts are not on every desktop. */
const paths = {
  folder: "M1.5 3.5h4l1.5 1.5h7.5v8.5h-13z",
  file: "M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3",
  up: "M6 3.5 2.5 7 6 10.5 M2.5 7h7a4 4 0 0 1 4 4v2.5",
  link: "M6.5 9.5 9.5 6.5 M5 8 3.5 9.5a2.1 2.1 0 0 0 3 3L8 11 M11 8l1.5-1.5a2.1 2.1 0 0 0-3-3L8 5",
  lock: "M3.5 7.5h9v7h-9z M5.5 7.5v-2a2.5 2.5 0 0 1 5 0v2",
  // A line through a box in the middle: connections go by way of a proxy.
  proxy: "M1 8h4.5 M10.5 8H15 M5.5 5.5h5v5h-5z M12.5 6 15 8l-2.5 2",
  warning: "M8 1.5 15 14.5H1z M8 6v4 M8 11.5v1.2",
  // A plug pulled from its socket: the session's connection is gone.
  unplugged: "M2 14l3-3 M4 9.5l2.5 2.5 M3.5 9l3.5 3.5 2-2-3.5-3.5z M14 2l-3 3 M12 6.5 9.5 4 M12.5 7 9 3.5l-2 2 3.5 3.5z",
  // Two arrows round a circle: the session is connecting again.
  reconnect: "M13 8a5 5 0 0 1-8.5 3.5 M3 8a5 5 0 0 1 8.5-3.5 M11.5 1.5v3h-3 M4.5 14.5v-3h3",
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className={`icon icon-${name}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
