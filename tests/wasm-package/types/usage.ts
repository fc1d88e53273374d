// Compiled by tsc in the package tests: the shipped .d.ts must say exactly docs/api.md#data.
import init, { schema, validate, version } from "k7-spec";
import type { Diagnostic, Position, Span } from "k7-spec";
import type * as Api from "./api.js";
import { assertType, type Equals } from "./api.js";

assertType<Equals<Position, Api.Position>>();
assertType<Equals<Span, Api.Span>>();
assertType<Equals<Diagnostic, Api.Diagnostic>>();
assertType<Equals<typeof validate, (source: string | object) => Api.Diagnostic[]>>();
assertType<Equals<typeof schema, () => object>>();
assertType<Equals<typeof version, () => string>>();

// The calls a user writes.
export async function usage(): Promise<void> {
  await init();
  const diagnostics: Api.Diagnostic[] = validate("name: demo\n");
  const fromObject = validate({ name: "demo", image: "alpine:3.20" });
  const first = diagnostics[0] ?? fromObject[0];
  if (first?.span !== null && first?.span !== undefined) {
    const offset: number = first.span.start.offset;
    void offset;
  }
  // @ts-expect-error a number is not a source
  validate(42);
  void schema();
  void version();
}
