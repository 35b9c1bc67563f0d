import { useEffect, useState } from "react";

/** Cycles through `count` views, `seconds` each (0: stays); returns the index and seconds left. */
export function useRotation(count: number, seconds: number, start = 0): { index: number; remaining: number; go(i: number): void } {
  const [state, setState] = useState({ index: start % Math.max(1, count), shownAt: Date.now() });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!seconds || count < 2) return;
    const id = setInterval(() => {
      const t = Date.now();
      setNow(t);
      setState((s) => (t - s.shownAt >= seconds * 1000 ? { index: (s.index + 1) % count, shownAt: t } : s));
    }, 1000);
    return () => clearInterval(id);
  }, [count, seconds]);
  return {
    index: state.index,
    remaining: seconds ? Math.max(0, Math.ceil((state.shownAt + seconds * 1000 - now) / 1000)) : 0,
    go: (i) => setState({ index: i % count, shownAt: Date.now() }),
  };
}
