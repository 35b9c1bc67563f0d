/** The views a wall display rotates through. */
export const WALL_VIEWS = ["live", "risks", "processes"] as const;
export type WallView = (typeof WALL_VIEWS)[number];

export interface WallParams {
  token: string | null;
  /** Seconds per view; 0 keeps the first view. */
  rotate: number;
  views: WallView[];
  /** Index of the view to start with. */
  start: number;
}

const DEFAULT_ROTATE = 30;

/**
 * Reads `/wall?token=…&rotate=<seconds>&views=live,risks&view=risks`. Bad values fall back to
 * defaults: a screen nobody touches must come up with something sensible.
 */
export function parseWallParams(search: URLSearchParams): WallParams {
  const token = search.get("token")?.trim() || null;
  const r = search.get("rotate");
  let rotate = r === null || r === "" ? DEFAULT_ROTATE : Number(r);
  if (!Number.isFinite(rotate) || rotate < 0) rotate = DEFAULT_ROTATE;
  if (rotate > 0) rotate = Math.min(3600, Math.max(5, Math.round(rotate)));
  const asked = (search.get("views") ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v): v is WallView => (WALL_VIEWS as readonly string[]).includes(v));
  const views = asked.length ? [...new Set(asked)] : [...WALL_VIEWS];
  const startAt = views.indexOf(search.get("view") as WallView);
  return { token, rotate, views, start: Math.max(0, startAt) };
}
