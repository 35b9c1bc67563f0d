import { useEffect, useRef, type CSSProperties } from "react";
import { echarts, type EChartsCoreOption } from "./echarts";

type ChartInstance = ReturnType<typeof echarts.init>;

export interface EChartProps {
  /** Applied once when the chart is created (axes, zoom controls): user zoom survives updates. */
  initOption?: EChartsCoreOption;
  /** The chart's frame: applied when it changes, its series replace the previous ones. */
  option: EChartsCoreOption;
  /**
   * Live data (issue 13 item 4): merged into the chart when it changes, series matched by id,
   * so a new reading updates only the changed series' data instead of rebuilding the option.
   */
  update?: EChartsCoreOption;
  className?: string;
  style?: CSSProperties;
  /** Accessible description of what the chart shows. */
  ariaLabel: string;
  /** Extra attributes for tests and tools (e.g. the number of points drawn). */
  dataAttributes?: Record<`data-${string}`, string | number>;
}

/** A resizing ECharts canvas. */
export function EChart({ initOption, option, update, className, style, ariaLabel, dataAttributes }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);

  useEffect(() => {
    const el = ref.current!;
    const instance = echarts.init(el, undefined, { renderer: "canvas" });
    chart.current = instance;
    if (initOption) instance.setOption(initOption);
    const ro = new ResizeObserver(() => instance.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      instance.dispose();
      chart.current = null;
    };
    // Created once; later options go through setOption below.
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { replaceMerge: ["series"], lazyUpdate: true });
  }, [option]);

  useEffect(() => {
    if (update) chart.current?.setOption(update, { lazyUpdate: true });
  }, [update]);

  return <div ref={ref} className={className} style={style} role="img" aria-label={ariaLabel} {...dataAttributes} />;
}
