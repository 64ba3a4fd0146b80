import { badInput, isUuid } from "./domain-error.ts";

/**
 * The most items one page of a list returns: `first` above it is clamped to
 * it. One table for the subgraphs that serve the lists and the router's cost
 * model that counts them (a list costs at most its maximum). Lists not named
 * here have the common maximum.
 */
export const LIST_MAXIMUM = 200;
const MAXIMA: Readonly<Record<string, number>> = { "Query.roomBoard": 1000 };

/** The maximum page of the list field `Type.field`. */
export const listMaximum = (coordinate: string): number => MAXIMA[coordinate] ?? LIST_MAXIMUM;

export interface Page {
  /** Items to return, 0..maximum. */
  first: number;
  /** The id of the last item the client has: the page starts after it. */
  after: string | null;
}

/** `first` (defaulted by the schema, clamped to the field's maximum; negative is refused) and `after` of a list field. */
export function pageOf(coordinate: string, args: { first?: number | null; after?: string | null }, fallback: number): Page {
  const first = args.first ?? fallback;
  if (first < 0) throw badInput("first", "first must be 0 or more");
  const after = args.after ?? null;
  if (after !== null && !isUuid(after)) throw unknownCursor();
  return { first: Math.min(first, listMaximum(coordinate)), after };
}

/** An `after` that names no item of the list. */
export const unknownCursor = () => badInput("after", "after names no item of this list: pass the id of an item of the previous page");

/** A store's page: null when its `after` named no item of the list. */
export function pageItems<T>(items: T[] | null): T[] {
  if (items === null) throw unknownCursor();
  return items;
}
