import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { contextUrl } from "@airbnb/config";
import { schemaFile, subgraphsToCompose } from "@airbnb/router/supergraph";
import { BASE } from "../env.ts";
import { installedPeer, peerDir, peerScenario, startPeer } from "../peers.ts";

/**
 * `room(id)` through Grafbase's native (Rust) gateway, as its CLI's `dev` command
 * serves it: composed by Grafbase from the subgraphs' SDL files. The command is
 * labelled beta and is a development server: an anchor for "how close to the limit", not a product row.
 */
export const grafbase = peerScenario({
  key: "grafbase",
  label: "Grafbase dev (beta, Rust)",
  process: "grafbase",
  port: BASE + 12,
  note: "grafbase dev: a beta development server",
  async start(bench, port, internalToken) {
    const dir = peerDir("grafbase");
    const overrides = path.join(dir, "overrides.toml");
    const contexts = subgraphsToCompose(bench.env.SUBGRAPHS);
    // Grafbase enforces @authenticated itself (Apollo's and Hive's gateways do not); like Hive it is
    // given a fixed identity to forward, and the subgraphs check it, so its copy of the SDL goes without.
    for (const context of contexts) writeFileSync(path.join(dir, `${context}.graphql`), readFileSync(schemaFile(context), "utf8").replace(/\s@authenticated\b/g, ""));
    writeFileSync(overrides, contexts.map((context) =>
      `[subgraphs.${context}]\nurl = ${JSON.stringify(`${contextUrl(context, bench.env).split(",")[0]}/graphql`)}\nschema_path = ${JSON.stringify(path.join(dir, `${context}.graphql`))}\n`).join("\n"));
    const gatewayConfig = path.join(dir, "grafbase.toml");
    // Subgraphs accept only the router-signed identity: Grafbase inserts a fixed, valid one.
    writeFileSync(gatewayConfig, `[[headers]]\nrule = "insert"\nname = "x-internal-identity"\nvalue = ${JSON.stringify(internalToken)}\n`);
    return startPeer(bench, "grafbase", {
      command: installedPeer("@grafbase/cli-x86_64-unknown-linux-musl/grafbase"),
      args: ["dev", "-o", overrides, "-c", gatewayConfig, "-p", String(port)],
      cwd: dir,
      url: `http://127.0.0.1:${port}/graphql`,
    });
  },
});
