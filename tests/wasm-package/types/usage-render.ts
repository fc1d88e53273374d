// The render half of the usage file: RenderOptions, Rendering, Explanation and render().
import { render } from "k7-spec";
import type { Explanation, RenderOptions, Rendering } from "k7-spec";
import type * as Api from "./api.js";
import { assertType, type Equals } from "./api.js";

assertType<Equals<RenderOptions, Api.RenderOptions>>();
assertType<Equals<Rendering, Api.Rendering>>();
assertType<Equals<Explanation, Api.Explanation>>();
assertType<Equals<typeof render, (source: string | object, options?: Api.RenderOptions) => Api.Rendering>>();

export function usage(): void {
  const rendering = render("name: demo\n", { cni: "flannel", workload: "deployment" });
  if (rendering.ok && rendering.explanation) {
    const mode: "open" | "blocked" | "cidr-only" | "fqdn" = rendering.explanation.egress.mode;
    void mode;
  }
  // @ts-expect-error calico is not a CNI option
  render("name: demo\n", { cni: "calico" });
}
