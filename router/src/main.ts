import { runAsProcess } from "@airbnb/service";
import { startRouter } from "./router.ts";

await runAsProcess("router", () => startRouter());
