import { useEffect, useRef, type CSSProperties } from "react";
import { echarts, type EChartsCoreOption } from "./echarts";

type ChartInstance = ReturnType<typeof echarts.init>;

export interface EChartProps {
  /** Applied once when the chart is created (axes, zoom controls): user zoom survives updates. */
  initOption?: EChartsCoreOption;
  /** Applied on every change; its series replace the previous ones. */
  option: EChartsCoreOption;
  /** ECharts events, e.g. { datazoom: handler }. */
  onEvents?: Record<string, (params: unknown, chart: ChartInstance) => void>;
  className?: string;
  style?: CSSProperties;
  /** Accessible description of what the chart shows. */
  ariaLabel: string;
  /** Extra attributes for tests and tools (e.g. the number of points drawn). */
  dataAttributes?: Record<`data-${string}`, string | number>;
}

/** A resizing ECharts canvas. */
export function EChart({ initOption, option, onEvents, className, style, ariaLabel, dataAttributes }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const events = useRef(onEvents);
  events.current = onEvents;

  useEffect(() => {
    const el = ref.current!;
    const instance = echarts.init(el, undefined, { renderer: "canvas" });
    chart.current = instance;
    if (initOption) instance.setOption(initOption);
    const names = Object.keys(events.current ?? {});
    for (const name of names) instance.on(name, (p: unknown) => events.current?.[name]?.(p, instance));
    const ro = new ResizeObserver(() => instance.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      instance.dispose();
      chart.current = null;
    };
    // created once; later options go through setOption below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { replaceMerge: ["series"], lazyUpdate: true });
  }, [option]);

  return <div ref={ref} className={className} style={style} role="img" aria-label={ariaLabel} {...dataAttributes} />;
}
