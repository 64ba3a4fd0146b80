import { describe, expect, it } from "vitest";
import { AdmissionControl } from "@airbnb/service";
import { reservationSettings } from "../../src/subgraph.ts";

describe("the booking path's default bounds", () => {
  it("admit fifty concurrent bookings: fifty guests at once are no overload", async () => {
    const config = reservationSettings.parse({});
    const admission = new AdmissionControl({
      refusal: "too many bookings",
      maxInFlight: config.BOOKING_MAX_IN_FLIGHT,
      maxQueue: config.BOOKING_MAX_QUEUE,
      maxWaitMs: config.BOOKING_MAX_WAIT_MS,
      now: () => 0,
    });
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const runs = Array.from({ length: 50 }, () => admission.run(() => opened.then(() => "done")));
    open();
    expect(await Promise.all(runs)).toHaveLength(50);
  });
});
