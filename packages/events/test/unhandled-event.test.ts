import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const catalogFile = `${root}packages/events/src/catalog.ts`;

/** The catalog with one more payment event, as someone adding it would write it. */
const catalogWithNewType = readFileSync(catalogFile, "utf8").replace(
  "  PaymentRefunded: entry({",
  `  PaymentDisputed: entry({
    subject: "payment.disputed",
    source: "payment",
    flow: "booking",
    key: "reservationId",
    data: z.object({ paymentId: id, reservationId: id, roomId: id, guestId: id }),
  }),
  PaymentRefunded: entry({`,
);

/** Every consumer's handlers, and the two exhaustive switches over all events. */
const consumers = [
  "subgraphs/reservation/src/application/on-room-event.ts",
  "subgraphs/payment/src/application/on-reservation-event.ts",
  "subgraphs/mileage/src/application/payment-policy.ts",
  "subgraphs/review/src/application/stays.ts",
  "subgraphs/message/src/application/notification-policy.ts",
  "subgraphs/viewpage/src/application/board-projector.ts",
  "subgraphs/viewpage/src/application/board-projection.ts",
  "router/src/subscriptions/topics.ts",
].map((file) => `${root}${file}`);

function compileWithNewType(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}packages/events/tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (file === catalogFile ? catalogWithNewType : readFile(file));
  const program = ts.createProgram({ rootNames: consumers, options: config.options, host });
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName.slice(root.length) ?? "(global)";
    errors.set(file, [...(errors.get(file) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")]);
  }
  return errors;
}

describe("an event type added to the catalog", () => {
  it("fails to compile in every consumer whose filter delivers it, until it is handled or ignored there", () => {
    const errors = compileWithNewType();
    expect([...errors.keys()].sort()).toEqual([
      "router/src/subscriptions/topics.ts",
      "subgraphs/message/src/application/notification-policy.ts",
      "subgraphs/mileage/src/application/payment-policy.ts",
      "subgraphs/review/src/application/stays.ts",
      "subgraphs/viewpage/src/application/board-projection.ts",
      "subgraphs/viewpage/src/application/board-projector.ts",
    ]);
    const mileage = errors.get("subgraphs/mileage/src/application/payment-policy.ts")!.join("\n");
    expect(mileage).toContain("Property 'PaymentDisputed' is missing in type '{ PaymentApproved: (event: EventEnvelope<\"PaymentApproved\">) => Promise<void>;");
    expect(mileage).toContain(`but required in type 'EventHandlers<"PaymentApproved" | "PaymentDeclined" | "PaymentDisputed" | "PaymentRefunded">'.`);
  }, 60_000);
});
