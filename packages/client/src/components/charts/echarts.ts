/**
 * ECharts, tree-shaken: only the chart types and components the dashboard draws. This module
 * is imported only by lazily loaded chart code, so it stays out of the initial bundle.
 */
import { LineChart, ScatterChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, MarkAreaComponent, MarkLineComponent, ToolboxComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, DataZoomComponent, ToolboxComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption } from "echarts/core";
