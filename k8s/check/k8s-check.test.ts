import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript modules (the checker runs with node, without tsx)
import { checkObjects, checkOverlay, ROOT } from "./check.mjs";
// @ts-expect-error plain JavaScript module
import { render } from "./render.mjs";
// @ts-expect-error plain JavaScript module
import { OVERLAYS } from "./overlays.mjs";

type Manifest = { kind: string; metadata: { name: string }; spec: any };
const overlay = (name: string) => path.join(ROOT, "k8s/overlays", name);

describe("k8s manifests", () => {
  it.each(Object.keys(OVERLAYS))("overlay %s renders and has no violation", (name) => {
    const { objects, violations } = checkOverlay(overlay(name), OVERLAYS[name]);
    expect(violations).toEqual([]);
    expect(objects.filter((o: Manifest) => o.kind === "Deployment")).toHaveLength(8);
  });

  it("reports a Deployment without a readinessProbe", () => {
    const objects: Manifest[] = render(overlay("dev"));
    const payment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "payment")!;
    delete payment.spec.template.spec.containers[0].readinessProbe;
    expect(checkObjects(objects, OVERLAYS.dev)).toEqual(["Deployment/airbnb-dev/payment: container app: readinessProbe must GET /readyz"]);
  });

  it("reports an unpinned image, a missing setting and a subgraph reachable from another", () => {
    const objects: Manifest[] = render(overlay("dev"));
    const room = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "room")!;
    room.spec.template.spec.containers[0].image = "airbnb-supergraph:latest";
    const reservation = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "reservation-config") as any;
    delete reservation.data.PAYMENT_URL;
    const policy = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "allow-subgraphs-from-router")!;
    policy.spec.ingress[0].from = undefined;
    const violations = checkObjects(objects, OVERLAYS.dev).join("\n");
    expect(violations).toContain("Deployment/airbnb-dev/room: container app: image airbnb-supergraph:latest uses :latest");
    expect(violations).toContain("Deployment/airbnb-dev/reservation: container app: the code reads PAYMENT_URL but the manifest does not provide it");
    expect(violations).toContain("NetworkPolicy: room -> payment:4003 should be refused");
  });
});
