/** Line icons drawn inline: an emoji shows as an empty box where no emoji font is installed (many phones and
 * desktops). The text beside an icon carries the meaning, so every drawing is hidden from screen readers. */

const STROKE = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.8,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

const DRAWINGS = {
  cart: (
    <>
      <path d="M3 4h2.2l2.1 10.2a1.5 1.5 0 0 0 1.5 1.2h8.4a1.5 1.5 0 0 0 1.4-1.1L20.5 8H6.4" {...STROKE} />
      <circle cx="9.5" cy="19.5" r="1.5" fill="currentColor" />
      <circle cx="17" cy="19.5" r="1.5" fill="currentColor" />
    </>
  ),
  search: (
    <>
      <circle cx="10.5" cy="10.5" r="6" {...STROKE} />
      <path d="M15 15l5.5 5.5" {...STROKE} />
    </>
  ),
  parcel: (
    <>
      <path d="M12 3l8 4v10l-8 4-8-4V7z" {...STROKE} />
      <path d="M4 7l8 4 8-4M12 11v10" {...STROKE} />
    </>
  ),
  compass: (
    <>
      <circle cx="12" cy="12" r="9" {...STROKE} />
      <path d="M15.5 8.5l-2 5-5 2 2-5z" {...STROKE} />
    </>
  ),
  page: (
    <>
      <path d="M6 3h8l4 4v14H6z" {...STROKE} />
      <path d="M14 3v4h4M9 12h6M9 16h6" {...STROKE} />
    </>
  ),
  mail: (
    <>
      <rect x="3" y="5.5" width="18" height="13" rx="2" {...STROKE} />
      <path d="M3.5 7l8.5 6 8.5-6" {...STROKE} />
    </>
  ),
};

export type IconName = keyof typeof DRAWINGS;

export function Icon({ name, size = 22, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className}
      data-icon={name}
      viewBox="0 0 24 24"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
    >
      {DRAWINGS[name]}
    </svg>
  );
}
