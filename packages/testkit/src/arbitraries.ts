import fc from "fast-check";

const codePoint = fc.oneof(
  { weight: 18, arbitrary: fc.integer({ min: 0, max: 0x10ffff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
  { weight: 1, arbitrary: fc.constant(0) },
);

/**
 * Any string a client can send, NUL and lone surrogates included, as
 * `fc.string({ unit: "binary" })` makes them, without the seconds that one
 * takes to build in every test file (7 s at a load average of 40 on the
 * 2-core test machine, against 65 ms for this one).
 */
export const anyString = (constraints: { maxLength?: number } = {}) => fc.string({ unit: codePoint.map((c) => String.fromCodePoint(c)), ...constraints });
