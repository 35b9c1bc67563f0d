import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const API = process.env.CONTROLROOM_API ?? "http://localhost:4000";

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
          groups: [{ name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/ }],
        },
      },
    },
  },
});
