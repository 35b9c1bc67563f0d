import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const API = process.env.CONTROLROOM_API ?? "http://localhost:4000";
/** ECharts modules only the bar chart uses. */
const BAR_ONLY = /[\\/]echarts[\\/]lib[\\/](chart[\\/]bar[\\/]|layout[\\/]barGrid|util[\\/]shape[\\/]sausage)/;

/**
 * The dashboard. In dev, /graphql (HTTP and graphql-ws) and /health go to the API server;
 * in production the API server serves `dist/` itself on the same port.
 */
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/graphql": { target: API, ws: true, changeOrigin: true },
      "/health": { target: API, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      "/graphql": { target: API, ws: true, changeOrigin: true },
      "/health": { target: API, changeOrigin: true },
    },
  },
  build: {
    target: "es2022",
    sourcemap: false,
    // ECharts is lazy-loaded with the chart views (its own chunk); the initial chunk stays small.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Bar charts are drawn only in the workbench: their code goes with it, not into the wall's ECharts chunk.
          groups: [{ name: "echarts", test: (id: string) => /node_modules[\\/](echarts|zrender)[\\/]/.test(id) && !BAR_ONLY.test(id) }],
        },
      },
    },
  },
});
