// Hostile JS values for the boundary, shared by package.test.mjs (the packed package in Node) and
// tests/wasm.rs (wasm-bindgen-test in Node and Chromium, which reads this file's text and runs
// its function through `new Function`): each is [value, a part of the Error's message].

export default function hostileValues() {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const thrower = (trap, target = {}) =>
    new Proxy(target, {
      [trap]() {
        throw new Error(`${trap} trap`);
      },
    });
  const cyclic = { name: "demo" };
  cyclic.self = cyclic;
  const sources = [
    [revoked.proxy, "proxy that has been revoked"],
    [thrower("getPrototypeOf"), "getPrototypeOf trap"],
    [thrower("ownKeys"), "ownKeys trap"],
    [thrower("get", { name: "demo" }), "get trap"],
    [
      {
        get name() {
          throw new Error("getter");
        },
      },
      "getter",
    ],
    [cyclic, "cannot be read as JSON"],
    [{ name: 1n }, "BigInt"],
    [Symbol("source"), "a symbol"],
    [1n, "a bigint"],
    [new Map([["name", "demo"]]), "a Map"],
    [{ toJSON: () => undefined }, "has no JSON text"],
    ["x".repeat(4 * 2 ** 20 + 1), "more than 4 times the limit"],
  ];
  const options = [
    [revoked.proxy, "proxy that has been revoked"],
    [thrower("ownKeys"), "ownKeys trap"],
    [thrower("get", { cni: "flannel" }), "get trap"],
    [
      Object.defineProperty({}, "cni", {
        get() {
          throw new Error("hidden getter");
        },
      }),
      "hidden getter",
    ],
    [Object.defineProperty({}, "cnii", { value: "flannel" }), "cnii"],
    [{ [Symbol("cni")]: "flannel" }, "Symbol keys"],
    [{ cni: () => "flannel" }, "a function has no JSON text"],
    [{ cni: 1n }, "BigInt"],
    [{ cni: "f".repeat(1000) }, "more than 200"],
    [new Map([["cni", "flannel"]]), "a Map"],
    [[], "an Array"],
  ];
  const documents = [
    [revoked.proxy, "proxy that has been revoked"],
    [[cyclic], "cannot be read as JSON"],
    [[1n], "BigInt"],
  ];
  return { sources, options, documents };
}
