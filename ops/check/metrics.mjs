// Checks the Grafana dashboard and the alert rules against ops/metrics-used.txt:
//
// - every metric name that a dashboard query, a dashboard variable or an alert rule uses is listed
//   in ops/metrics-used.txt, and every listed name is used somewhere (the list is what a test
//   compares with the services' /metrics);
// - the dashboard is well-formed: a uid, unique panel ids, a query on every panel, every query on
//   the dashboard's datasource variable;
// - with --promql-out FILE, writes every dashboard query as a recording rule (Grafana's variables
//   replaced by plain values) so that `promtool check rules FILE` parses each one.
//
// Usage: node ops/check/metrics.mjs --repo . [--promql-out FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { argument, loadFile, Problems } from "./lib.mjs";

const repo = argument("repo") ?? ".";
const DASHBOARD = join(repo, "ops/grafana/dashboards/wagate.json");
const RULES = join(repo, "ops/prometheus/wagate-rules.yml");
const LIST = join(repo, "ops/metrics-used.txt");

const problems = new Problems("metrics used by the dashboard and the alert rules");

// Words of PromQL that look like metric names but are not.
const KEYWORDS = new Set([
  "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
  "unless", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
  "bottomk", "topk", "quantile", "limitk", "limit_ratio", "inf", "nan", "start", "end",
]);

/** The metric names a PromQL expression selects. */
export function metricNames(expr) {
  const names = new Set();
  let text = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\{[^}]*\}/g, " ") // label matchers
    .replace(/\[[^\]]*\]/g, " ") // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " "); // label lists
  text = text.replace(/\boffset\s+-?[0-9a-z]+/g, " ");
  for (const match of text.matchAll(/(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])(?!\s*\()/g)) {
    const word = match[1];
    if (!KEYWORDS.has(word.toLowerCase())) {
      names.add(word);
    }
  }
  return names;
}

function dashboardQueries(dashboard) {
  const queries = [];
  const ids = new Set();
  const visit = (panels) => {
    for (const panel of panels ?? []) {
      if (ids.has(panel.id)) {
        problems.add(`dashboard: panel id ${panel.id} is used twice`);
      }
      ids.add(panel.id);
      if (!panel.gridPos) {
        problems.add(`dashboard: panel "${panel.title}" has no gridPos`);
      }
      if (panel.type === "row") {
        visit(panel.panels);
        continue;
      }
      if (!Array.isArray(panel.targets) || panel.targets.length === 0) {
        problems.add(`dashboard: panel "${panel.title}" has no query`);
        continue;
      }
      for (const target of panel.targets) {
        if (typeof target.expr !== "string" || target.expr.trim() === "") {
          problems.add(`dashboard: panel "${panel.title}" query ${target.refId} is empty`);
          continue;
        }
        for (const source of [panel.datasource, target.datasource]) {
          if (source?.uid !== "${datasource}") {
            problems.add(`dashboard: panel "${panel.title}" does not use the datasource variable`);
          }
        }
        queries.push({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr });
      }
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== "query") continue;
    const query = typeof variable.query === "string" ? variable.query : variable.query?.query;
    const labelValues = /^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s*,/.exec(query ?? "");
    if (!labelValues) {
      problems.add(`dashboard: variable ${variable.name} is not a label_values(metric, label) query`);
      continue;
    }
    queries.push({ where: `variable ${variable.name}`, expr: labelValues[1], variable: true });
  }
  return queries;
}

/** A dashboard query as plain PromQL: Grafana's variables replaced by values of the same shape. */
function plainPromql(expr) {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, "5m")
    .replace(/\$\{[a-zA-Z_]+\}|\$[a-zA-Z_]+/g, ".*");
}

let dashboard;
try {
  dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8"));
} catch (error) {
  problems.add(`${DASHBOARD}: ${error.message}`);
  problems.finish("");
}
if (typeof dashboard.uid !== "string" || dashboard.uid === "") {
  problems.add("dashboard: no uid");
}
if (!(dashboard.templating?.list ?? []).some((v) => v.type === "datasource" && v.name === "datasource")) {
  problems.add("dashboard: no datasource variable named datasource");
}
const queries = dashboardQueries(dashboard);

const rules = [];
for (const group of loadFile(RULES).groups ?? []) {
  for (const rule of group.rules ?? []) {
    rules.push({ where: `rule ${rule.alert ?? rule.record}`, expr: String(rule.expr ?? "") });
  }
}

const used = new Map();
for (const { where, expr } of [...queries, ...rules]) {
  const names = metricNames(expr);
  if (names.size === 0) {
    problems.add(`${where}: uses no metric`);
  }
  for (const name of names) {
    if (!used.has(name)) used.set(name, []);
    used.get(name).push(where);
  }
}

const lines = readFileSync(LIST, "utf8").split("\n").filter((line) => line.trim() !== "");
const listed = new Set();
for (const line of lines) {
  const name = line.trim();
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) {
    problems.add(`${LIST}: "${line}" is not a metric name`);
  }
  if (listed.has(name)) {
    problems.add(`${LIST}: ${name} is listed twice`);
  }
  listed.add(name);
}
for (const [name, where] of used) {
  if (!listed.has(name)) {
    problems.add(`${name} (used by ${where.join(", ")}) is not in ${LIST}`);
  }
}
for (const name of listed) {
  if (!used.has(name)) {
    problems.add(`${name} is in ${LIST} but neither the dashboard nor the rules use it`);
  }
}

const promqlOut = argument("promql-out");
if (promqlOut) {
  const recorded = queries
    .filter((query) => !query.variable)
    .map((query, i) => ({ record: `wagate:dashboard_query_${i}`, expr: plainPromql(query.expr) }));
  writeFileSync(promqlOut, stringify({ groups: [{ name: "dashboard-queries", rules: recorded }] }));
}

problems.finish(
  `${used.size} metrics used by ${queries.length} dashboard queries and ${rules.length} rules, all listed in ops/metrics-used.txt and no other`,
);
