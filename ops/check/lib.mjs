// Shared helpers of the ops checks: YAML loading with Kubernetes' YAML 1.1 semantics, problem
// collection and deep equality.
import { readFileSync } from "node:fs";
import { parseAllDocuments, parse } from "yaml";

/** Parses every document of a YAML stream the way Kubernetes does (YAML 1.1: 0440 is octal). */
export function loadAll(text, source) {
  const docs = parseAllDocuments(text, { version: "1.1", prettyErrors: true, uniqueKeys: true });
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    const value = doc.toJS({ maxAliasCount: -1 });
    if (value !== null && value !== undefined) {
      objects.push(value);
    }
  }
  return objects;
}

/** Parses one YAML file. */
export function loadFile(path) {
  return parse(readFileSync(path, "utf8"), { version: "1.1", prettyErrors: true, uniqueKeys: true });
}

/** Collects problems and reports them all at once, so one run shows every mistake. */
export class Problems {
  constructor(title) {
    this.title = title;
    this.list = [];
  }

  add(message) {
    this.list.push(message);
  }

  /** Prints the outcome and exits non-zero when there was any problem. */
  finish(successMessage) {
    if (this.list.length > 0) {
      console.error(`FAILED: ${this.title}: ${this.list.length} problem(s)`);
      for (const problem of this.list) {
        console.error(`  - ${problem}`);
      }
      process.exit(1);
    }
    console.log(`OK: ${successMessage}`);
  }
}

/** Structural equality of JSON-like values. */
export function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]))
  );
}

/** Reads the named argument (`--name value`) or returns undefined. */
export function argument(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
