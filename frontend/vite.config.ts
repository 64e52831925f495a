import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";

// The app is served by the gateway on http://localhost:8000 (same origin, API under /api).
// In development, `npm run dev` serves the UI on :5173 and proxies /api to the gateway.
const gateway = "http://localhost:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/api": { target: gateway, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      "/api": { target: gateway, changeOrigin: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // two pages: the console (index.html) and the API reference (api-reference.html, served
    // by the gateway at /api/v1/docs)
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        reference: resolve(import.meta.dirname, "api-reference.html"),
      },
    },
  },
});
