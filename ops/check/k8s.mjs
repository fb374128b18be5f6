// Validates the rendered Kubernetes manifests (`kubectl kustomize k8s/`) offline:
//
// 1. every object has apiVersion, kind and metadata.name, and no two share kind and name;
// 2. every built-in and Prometheus Operator object against its JSON schema (kubernetes-models,
//    generated from the Kubernetes OpenAPI spec and the prometheus-operator CRDs): types,
//    required fields, enums and formats;
// 3. the same objects in strict mode: a TypeScript compile of each object as a literal of its
//    generated type rejects every field the schema does not know (a typo such as `pth:`), which
//    the JSON schemas alone allow;
// 4. Strimzi KafkaTopics against the KafkaTopic v1 schema (written out below from Strimzi's CRD:
//    no package ships it offline);
// 5. references between objects: selectors that select, ports and names that exist;
// 6. the Secret holds placeholders only;
// 7. the PrometheusRule embeds exactly the groups of ops/prometheus/wagate-rules.yml;
// 8. the KafkaTopics are exactly the topics of Topics.java, compacted exactly where it says.
//
// Usage: node ops/check/k8s.mjs --repo . --rendered rendered.yaml
//        node ops/check/k8s.mjs --repo . --rendered rendered.yaml --rules-out FILE
//          (only writes the PrometheusRule's groups to FILE as a Prometheus rules file)
//        node ops/check/k8s.mjs --repo . --sync-prometheusrule   (rewrites k8s/prometheusrule.yaml)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { stringify } from "yaml";
import { argument, deepEqual, loadAll, loadFile, Problems } from "./lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = argument("repo") ?? ".";
const RULES_FILE = join(repo, "ops/prometheus/wagate-rules.yml");
const PROMETHEUS_RULE_FILE = join(repo, "k8s/prometheusrule.yaml");
const TOPICS_JAVA = join(repo, "schemas/src/main/java/io/wagate/schemas/Topics.java");

const problems = new Problems("Kubernetes manifests");
/** The rendered objects and a short name of each for messages. */
let objects = [];
let described = [];

function describe(object, index) {
  const kind = object?.kind ?? "?";
  const name = object?.metadata?.name ?? "?";
  return `#${index} ${kind}/${name}`;
}

function checkIdentity() {
  const seen = new Set();
  objects.forEach((object, i) => {
    if (typeof object !== "object" || Array.isArray(object)) {
      problems.add(`${described[i]}: not an object`);
      return;
    }
    for (const field of ["apiVersion", "kind"]) {
      if (typeof object[field] !== "string" || object[field] === "") {
        problems.add(`${described[i]}: missing ${field}`);
      }
    }
    if (typeof object.metadata?.name !== "string" || object.metadata.name === "") {
      problems.add(`${described[i]}: missing metadata.name`);
    }
    const key = `${object.apiVersion} ${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
    if (seen.has(key)) {
      problems.add(`${described[i]}: defined twice`);
    }
    seen.add(key);
  });
}

/** The npm module with the generated model of apiVersion/kind, or undefined when none does. */
function modelModule(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z]+$/.test(kind)) {
    return undefined;
  }
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  if (apiVersion.startsWith("kafka.strimzi.io/")) {
    return undefined;
  }
  // Built-in groups: "v1" is the core group, "apps/v1" and the like the named ones.
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function checkSchemas() {
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    if (object?.apiVersion?.startsWith("kafka.strimzi.io/")) {
      continue;
    }
    const module = modelModule(object?.apiVersion, object?.kind);
    let Model;
    try {
      Model = module && (await import(module))[object.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      problems.add(`${described[i]}: no schema for apiVersion ${object?.apiVersion}, kind ${object?.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.add(`${described[i]}: ${error.message.split("\n").join("; ")}`);
    }
  }
}

function checkStrictFields() {
  const lines = [];
  const lineOwner = [];
  const emit = (text, owner) => {
    for (const line of text.split("\n")) {
      lines.push(line);
      lineOwner.push(owner);
    }
  };
  let typed = 0;
  objects.forEach((object, i) => {
    const module = object?.apiVersion?.startsWith("kafka.strimzi.io/")
      ? undefined
      : modelModule(object?.apiVersion, object?.kind);
    if (!module) return;
    emit(`import type { I${object.kind} as T${i} } from "${module}";`, i);
    emit(`// ${described[i]}`, i);
    emit(`export const o${i}: T${i} = ${JSON.stringify(object, null, 2)};`, i);
    typed++;
  });
  if (typed === 0) return;
  const dir = join(here, ".typecheck");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "objects.ts");
  writeFileSync(file, lines.join("\n") + "\n");
  try {
    execFileSync(
      process.execPath,
      [
        join(here, "node_modules/typescript/bin/tsc"),
        "--noEmit",
        "--strict",
        "--exactOptionalPropertyTypes",
        "--skipLibCheck",
        "--target", "es2022",
        "--module", "nodenext",
        "--moduleResolution", "nodenext",
        "--pretty", "false",
        file,
      ],
      { cwd: here, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    const output = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim();
    const reported = output.split("\n").filter((line) => line.includes("error TS"));
    if (reported.length === 0) {
      problems.add(`strict field check could not run: ${output || error.message}`);
    }
    for (const line of reported) {
      const match = /objects\.ts\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
      const owner = match ? lineOwner[Number(match[1]) - 1] : undefined;
      problems.add(`${owner === undefined ? "?" : described[owner]}: ${match ? match[3] : line}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Strimzi's KafkaTopic v1 (kafka.strimzi.io), from the CRD that Strimzi generates from
// io.strimzi.api.kafka.model.topic.KafkaTopic{,Spec}: spec is required in v1; partitions at
// least 1; replicas between 1 and 32767; config a map of topic configs. Strimzi's CRD lets
// no other spec field through.
const KAFKA_TOPIC_SCHEMA = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "kafka.strimzi.io/v1" },
    kind: { const: "KafkaTopic" },
    metadata: {
      type: "object",
      required: ["name", "labels"],
      properties: {
        // Kafka topic names: up to 249 of [a-zA-Z0-9._-]; Kubernetes names: a DNS subdomain.
        name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9.]{0,247}[a-z0-9])?$" },
        labels: {
          type: "object",
          required: ["strimzi.io/cluster"],
          properties: { "strimzi.io/cluster": { type: "string", minLength: 1 } },
          additionalProperties: { type: "string" },
        },
      },
    },
    spec: {
      type: "object",
      additionalProperties: false,
      properties: {
        topicName: { type: "string" },
        partitions: { type: "integer", minimum: 1 },
        replicas: { type: "integer", minimum: 1, maximum: 32767 },
        config: {
          type: "object",
          additionalProperties: { type: ["string", "number", "boolean", "array"] },
        },
      },
    },
    status: { type: "object" },
  },
  additionalProperties: false,
};

function checkKafkaTopicSchema() {
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(KAFKA_TOPIC_SCHEMA);
  objects.forEach((object, i) => {
    if (!object?.apiVersion?.startsWith("kafka.strimzi.io/")) return;
    if (object.kind !== "KafkaTopic") {
      problems.add(`${described[i]}: no schema for ${object.apiVersion} ${object.kind}`);
      return;
    }
    if (!validate(object)) {
      for (const error of validate.errors) {
        problems.add(`${described[i]}: ${error.instancePath || "/"} ${error.message}`);
      }
    }
  });
}

function matches(selector, labels) {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

function ofKind(kind) {
  return objects.filter((object) => object?.kind === kind);
}

function checkReferences() {
  const workloads = objects.filter((o) => ["Deployment", "StatefulSet"].includes(o?.kind));
  const podLabels = workloads.map((w) => w.spec?.template?.metadata?.labels ?? {});
  const named = (kind, name) => objects.some((o) => o?.kind === kind && o.metadata?.name === name);

  for (const workload of workloads) {
    const id = `${workload.kind}/${workload.metadata?.name}`;
    if (!matches(workload.spec?.selector?.matchLabels, workload.spec?.template?.metadata?.labels)) {
      problems.add(`${id}: spec.selector does not select its own pod template`);
    }
    const podSpec = workload.spec?.template?.spec ?? {};
    const volumes = new Set((podSpec.volumes ?? []).map((v) => v.name));
    for (const claim of workload.spec?.volumeClaimTemplates ?? []) volumes.add(claim.metadata?.name);
    for (const volume of podSpec.volumes ?? []) {
      if (volume.configMap && !named("ConfigMap", volume.configMap.name)) {
        problems.add(`${id}: volume ${volume.name} names missing ConfigMap ${volume.configMap.name}`);
      }
      if (volume.secret && !named("Secret", volume.secret.secretName)) {
        problems.add(`${id}: volume ${volume.name} names missing Secret ${volume.secret.secretName}`);
      }
    }
    for (const container of podSpec.containers ?? []) {
      const cid = `${id} container ${container.name}`;
      const ports = new Set((container.ports ?? []).map((p) => p.name));
      const numbers = new Set((container.ports ?? []).map((p) => p.containerPort));
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const port = container[probe]?.httpGet?.port;
        if (port !== undefined && !(ports.has(port) || numbers.has(port))) {
          problems.add(`${cid}: ${probe} uses port ${port}, which the container does not declare`);
        }
      }
      if (!container.livenessProbe || !container.readinessProbe) {
        problems.add(`${cid}: needs a livenessProbe and a readinessProbe`);
      }
      if (!container.resources?.requests || !container.resources?.limits) {
        problems.add(`${cid}: needs resource requests and limits`);
      }
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef && !named("ConfigMap", source.configMapRef.name)) {
          problems.add(`${cid}: envFrom names missing ConfigMap ${source.configMapRef.name}`);
        }
        if (source.secretRef && !named("Secret", source.secretRef.name)) {
          problems.add(`${cid}: envFrom names missing Secret ${source.secretRef.name}`);
        }
      }
      for (const mount of container.volumeMounts ?? []) {
        if (!volumes.has(mount.name)) {
          problems.add(`${cid}: mounts volume ${mount.name}, which the pod does not define`);
        }
      }
    }
  }

  for (const set of ofKind("StatefulSet")) {
    const service = objects.find(
      (o) => o?.kind === "Service" && o.metadata?.name === set.spec?.serviceName,
    );
    if (!service) {
      problems.add(`StatefulSet/${set.metadata?.name}: serviceName ${set.spec?.serviceName} is no Service`);
    } else if (service.spec?.clusterIP !== "None") {
      problems.add(`StatefulSet/${set.metadata?.name}: Service ${service.metadata.name} is not headless`);
    }
  }

  for (const service of ofKind("Service")) {
    const id = `Service/${service.metadata?.name}`;
    const targets = workloads.filter((w) =>
      matches(service.spec?.selector, w.spec?.template?.metadata?.labels),
    );
    if (targets.length === 0) {
      problems.add(`${id}: its selector selects no pod template`);
      continue;
    }
    for (const port of service.spec?.ports ?? []) {
      if (typeof port.targetPort !== "string") continue;
      const declared = targets.every((w) =>
        (w.spec.template.spec.containers ?? []).some((c) =>
          (c.ports ?? []).some((p) => p.name === port.targetPort),
        ),
      );
      if (!declared) {
        problems.add(`${id}: targetPort ${port.targetPort} is not a container port of its pods`);
      }
    }
  }

  for (const budget of ofKind("PodDisruptionBudget")) {
    if (!podLabels.some((labels) => matches(budget.spec?.selector?.matchLabels, labels))) {
      problems.add(`PodDisruptionBudget/${budget.metadata?.name}: selects no pod template`);
    }
  }

  for (const policy of ofKind("NetworkPolicy")) {
    const id = `NetworkPolicy/${policy.metadata?.name}`;
    const selected = workloads.filter((w) =>
      matches(policy.spec?.podSelector?.matchLabels, w.spec?.template?.metadata?.labels),
    );
    if (selected.length === 0) {
      problems.add(`${id}: its podSelector selects no pod template`);
      continue;
    }
    // A named port of an ingress rule is a container port of the pods the policy protects.
    for (const rule of policy.spec?.ingress ?? []) {
      for (const port of rule.ports ?? []) {
        if (typeof port.port !== "string") continue;
        const declared = selected.every((w) =>
          (w.spec.template.spec.containers ?? []).some((c) =>
            (c.ports ?? []).some((p) => p.name === port.port),
          ),
        );
        if (!declared) {
          problems.add(`${id}: ingress port ${port.port} is not a container port of its pods`);
        }
      }
    }
  }

  for (const autoscaler of ofKind("HorizontalPodAutoscaler")) {
    const ref = autoscaler.spec?.scaleTargetRef ?? {};
    if (!objects.some((o) => o?.kind === ref.kind && o.metadata?.name === ref.name && o.apiVersion === ref.apiVersion)) {
      problems.add(`HorizontalPodAutoscaler/${autoscaler.metadata?.name}: scaleTargetRef ${ref.apiVersion} ${ref.kind}/${ref.name} does not exist`);
    }
  }

  for (const monitor of ofKind("ServiceMonitor")) {
    const id = `ServiceMonitor/${monitor.metadata?.name}`;
    const services = ofKind("Service").filter((s) =>
      matches(monitor.spec?.selector?.matchLabels, s.metadata?.labels),
    );
    if (services.length === 0) {
      problems.add(`${id}: selects no Service`);
    }
    for (const endpoint of monitor.spec?.endpoints ?? []) {
      for (const service of services) {
        if (!(service.spec?.ports ?? []).some((p) => p.name === endpoint.port)) {
          problems.add(`${id}: Service ${service.metadata.name} has no port named ${endpoint.port}`);
        }
      }
    }
    const jobLabel = monitor.spec?.jobLabel;
    for (const service of services) {
      if (jobLabel && !service.metadata?.labels?.[jobLabel]) {
        problems.add(`${id}: Service ${service.metadata.name} lacks the job label ${jobLabel}`);
      }
    }
  }
}

function checkSecretPlaceholders() {
  for (const secret of ofKind("Secret")) {
    const values = { ...(secret.stringData ?? {}) };
    for (const [key, value] of Object.entries(secret.data ?? {})) {
      values[key] = Buffer.from(String(value), "base64").toString("utf8");
    }
    for (const [key, value] of Object.entries(values)) {
      if (!/^REPLACE_WITH_[A-Z0-9_]+$/.test(String(value))) {
        problems.add(`Secret/${secret.metadata?.name}: ${key} is not a REPLACE_WITH_... placeholder`);
      }
    }
  }
}

function checkPrometheusRule() {
  const rules = ofKind("PrometheusRule");
  if (rules.length !== 1) {
    problems.add(`expected exactly one PrometheusRule, found ${rules.length}`);
    return;
  }
  const expected = loadFile(RULES_FILE).groups;
  if (!deepEqual(rules[0].spec?.groups, expected)) {
    problems.add(
      `PrometheusRule/${rules[0].metadata?.name}: spec.groups differ from ${RULES_FILE};` +
        " run `node ops/check/k8s.mjs --repo . --sync-prometheusrule`",
    );
  }
}

/** The contract's topics from Topics.java: name → compacted. */
function contractTopics() {
  const source = readFileSync(TOPICS_JAVA, "utf8");
  const topics = new Map();
  for (const match of source.matchAll(/"(wa\.[^"]+)"/g)) {
    // The statement declaring the topic, up to its semicolon, holds the compacted flag.
    const statement = source.slice(match.index, source.indexOf(";", match.index));
    const flag = /\b(true|false)\b/.exec(statement);
    if (!flag) {
      problems.add(`Topics.java: cannot tell whether ${match[1]} is compacted`);
    }
    topics.set(match[1], flag?.[1] === "true");
  }
  return topics;
}

function checkTopicsMatchContract() {
  const contract = contractTopics();
  if (contract.size === 0) {
    problems.add(`no "wa." topic names found in ${TOPICS_JAVA}`);
    return;
  }
  const declared = new Map();
  for (const topic of ofKind("KafkaTopic")) {
    const name = topic.spec?.topicName ?? topic.metadata?.name;
    declared.set(name, topic.spec?.config?.["cleanup.policy"] === "compact");
  }
  for (const [name, compacted] of contract) {
    if (!declared.has(name)) {
      problems.add(`KafkaTopic for contract topic ${name} is missing`);
    } else if (declared.get(name) !== compacted) {
      problems.add(
        `KafkaTopic ${name}: cleanup.policy must ${compacted ? "" : "not "}be compact (Topics.java)`,
      );
    }
  }
  for (const name of declared.keys()) {
    if (!contract.has(name)) {
      problems.add(`KafkaTopic ${name} is not a contract topic (Topics.java)`);
    }
  }
}

function syncPrometheusRule() {
  const groups = loadFile(RULES_FILE).groups;
  const rule = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "wagate",
      labels: { "app.kubernetes.io/name": "wagate", "app.kubernetes.io/part-of": "wagate" },
    },
    spec: { groups },
  };
  const header =
    "# GENERATED from ops/prometheus/wagate-rules.yml by\n" +
    "#   node ops/check/k8s.mjs --repo . --sync-prometheusrule\n" +
    "# Do not edit: change the rules file and regenerate (ops/validate.sh fails when they differ).\n" +
    "# Your Prometheus' ruleSelector may need a label here (e.g. release: ...): add it in an overlay.\n";
  writeFileSync(PROMETHEUS_RULE_FILE, header + stringify(rule, { lineWidth: 100 }));
  console.log(`wrote ${PROMETHEUS_RULE_FILE} (${groups.length} groups)`);
}

// Runs after every declaration above is initialised.
if (process.argv.includes("--sync-prometheusrule")) {
  syncPrometheusRule();
  process.exit(0);
}

const renderedPath = argument("rendered");
if (!renderedPath) {
  console.error("usage: k8s.mjs --repo DIR --rendered FILE | --repo DIR --sync-prometheusrule");
  process.exit(2);
}

objects = loadAll(readFileSync(renderedPath, "utf8"), renderedPath);
if (objects.length === 0) {
  problems.add("the rendered manifests contain no object");
}
described = objects.map((object, i) => describe(object, i));

const rulesOut = argument("rules-out");
if (rulesOut) {
  // Only extracts the PrometheusRule's groups as a rules file, for promtool.
  const rules = ofKind("PrometheusRule");
  if (rules.length !== 1) {
    console.error(`expected exactly one PrometheusRule, found ${rules.length}`);
    process.exit(1);
  }
  writeFileSync(rulesOut, stringify({ groups: rules[0].spec?.groups ?? [] }));
  process.exit(0);
}

checkIdentity();
await checkSchemas();
checkStrictFields();
checkKafkaTopicSchema();
checkReferences();
checkSecretPlaceholders();
checkPrometheusRule();
checkTopicsMatchContract();

problems.finish(
  `${objects.length} Kubernetes objects valid (${[...new Set(objects.map((o) => o.kind))].join(", ")})`,
);
