// Simple line icons (24×24, stroked with the text color) so the nav needs no icon library.
const PATHS = {
  drivers: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-7 8-7s8 3 8 7',
  infractions: 'M12 3 2 20h20L12 3zM12 10v4M12 17.5v.5',
  ranking: 'M4 20V12M10 20V6M16 20v-9M22 20H2',
  map: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  reports: 'M6 3h9l4 4v14H6V3zM14 3v5h5M9 13h7M9 17h7M9 9h3',
  geofences: 'M4 7l5-3 6 3 5-3v13l-5 3-6-3-5 3V7zM9 4v13M15 7v13',
  parcels: 'M3 7.5 12 3l9 4.5v9L12 21l-9-4.5v-9zM3 7.5 12 12l9-4.5M12 12v9',
  integrations: 'M9 7V3M15 7V3M6 7h12v4a6 6 0 0 1-12 0V7zM12 17v4',
  rules: 'M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4',
  users:
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.3a3.5 3.5 0 0 1 0 6.4M18 14.3c2 .8 3.5 2.9 3.5 5.7',
  vehicles:
    'M2 16V7h11v9M13 10h4l3 3v3h-7M6.5 18.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM16.5 18.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z',
  devices: 'M8 3h8v18H8zM11 18h2M5 8a7 7 0 0 0 0 8M19 8a7 7 0 0 1 0 8',
  alerts: 'M12 2 4 5.5v6c0 4.6 3.3 8.4 8 10 4.7-1.6 8-5.4 8-10v-6L12 2zM12 8v5M12 16v.5',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16zM10 20.5a2 2 0 0 0 4 0',
  menu: 'M4 6h16M4 12h16M4 18h16',
  chevron: 'm6 9 6 6 6-6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
