import type { MileageReads } from "../application/queries.ts";

export interface MileageApp {
  reads: MileageReads;
}
