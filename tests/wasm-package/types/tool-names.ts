// The command line's exports, by name: Node's entry has them (tools.ts), the browser entry does
// not (browser.ts).
export type Tools =
  | "parseArgs"
  | "specText"
  | "report"
  | "output"
  | "configSettings"
  | "globMatches"
  | "globBase"
  | "isSpecFile"
  | "gitignored"
  | "reachMatrix";
