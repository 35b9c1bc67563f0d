import type { ReactNode } from "react";
import { useRotation } from "../useRotation";
import type { WallView } from "../wallParams";

/** What the wall's header needs of the rotation: the views, the one showing, the countdown, a jump. */
export interface RotationNav {
  views: WallView[];
  index: number;
  remaining: number;
  rotating: boolean;
  onGo(i: number): void;
}

/**
 * The wall's frame (§5.3.1, unattended): the views take turns, `rotate` seconds each (0: the start
 * view stays), the header shows which one and when the next comes, and a touch jumps to a view.
 */
export function RotatingViews({
  views,
  rotate,
  start,
  header,
  children,
}: {
  views: WallView[];
  rotate: number;
  start: number;
  header(nav: RotationNav): ReactNode;
  children(view: WallView): ReactNode;
}) {
  const rotation = useRotation(views.length, rotate, start);
  const view = views[rotation.index];
  return (
    <div className="wall" data-view={view}>
      {header({ views, index: rotation.index, remaining: rotation.remaining, rotating: rotate > 0 && views.length > 1, onGo: rotation.go })}
      <main className="wall__body" id="main">
        {children(view)}
      </main>
    </div>
  );
}
