import { defineConfig } from "vite";

/**
 * Built into dist/ at install time and served by the router at /board
 * (router/src/board-page.ts). `npm run dev -w @airbnb/board` serves it with
 * hot reload, passing /graphql (HTTP and WebSocket) to a running router.
 */
export default defineConfig({
  base: "/board/",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: true },
  server: {
    proxy: { "/graphql": { target: process.env.ROUTER_ORIGIN ?? "http://127.0.0.1:4000", ws: true } },
  },
});
