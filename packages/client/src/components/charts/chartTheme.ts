/** Colours of the two chart themes: the dark wall display and the light desk dashboard. */
export type ChartTheme = "dark" | "light";

export interface ChartPalette {
  text: string;
  muted: string;
  grid: string;
  line: string;
  band: string;
  warning: string;
  critical: string;
  target: string;
  projection: string;
}

export const PALETTES: Record<ChartTheme, ChartPalette> = {
  dark: {
    text: "#e2e8f0",
    muted: "#94a3b8",
    grid: "rgba(148,163,184,0.16)",
    line: "#38bdf8",
    band: "rgba(56,189,248,0.16)",
    warning: "#fbbf24",
    critical: "#f87171",
    target: "#4ade80",
    projection: "#c084fc",
  },
  light: {
    text: "#1e293b",
    muted: "#64748b",
    grid: "rgba(100,116,139,0.18)",
    line: "#0369a1",
    band: "rgba(3,105,161,0.12)",
    warning: "#b45309",
    critical: "#dc2626",
    target: "#15803d",
    projection: "#7c3aed",
  },
};

/** An rgba() of a #rrggbb colour. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
