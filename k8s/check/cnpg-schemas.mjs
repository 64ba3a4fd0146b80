// JSON Schemas for the CloudNativePG kinds (postgresql.cnpg.io/v1, CloudNativePG 1.27)
// and the Barman Cloud plugin's ObjectStore (barmancloud.cnpg.io/v1, plugin 0.6), as no
// npm package ships them. Written from their API references, for the fields these
// manifests use and their close neighbours; every object is closed (unknown fields are
// refused), so a field outside this subset must be added here, checked against the
// reference, before it can be used. `kubectl apply --dry-run=server` on a cluster with
// the CRDs remains the final word.
import Ajv from "ajv";

const str = { type: "string" };
const bool = { type: "boolean" };
const int = { type: "integer" };
const strMap = { type: "object", additionalProperties: str };
const quantity = { anyOf: [str, { type: "number" }] };
const object = (properties, required = []) => ({ type: "object", additionalProperties: false, properties, required });
const list = (items) => ({ type: "array", items });
const ref = object({ name: str }, ["name"]);
const keyRef = object({ name: str, key: str }, ["name", "key"]);
const resources = object({ requests: { type: "object", additionalProperties: quantity }, limits: { type: "object", additionalProperties: quantity } });
const metadata = object({ name: str, namespace: str, labels: strMap, annotations: strMap }, ["name"]);
// Pod-level fields are the Kubernetes ones: validated there (unknown-fields.mjs does not
// reach inside custom resources), so they are only typed loosely here.
const looseObject = { type: "object" };
const resource = (apiVersion, kind, spec) =>
  object({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec }, ["apiVersion", "kind", "metadata", "spec"]);

const cluster = object(
  {
    instances: { type: "integer", minimum: 1 },
    imageName: { type: "string", pattern: "(:[^:@/]+|@sha256:[0-9a-f]{64})$" },
    primaryUpdateStrategy: { enum: ["supervised", "unsupervised"] },
    primaryUpdateMethod: { enum: ["switchover", "restart"] },
    priorityClassName: str,
    enableSuperuserAccess: bool,
    postgresql: object({
      parameters: strMap,
      pg_hba: list(str),
      pg_ident: list(str),
      synchronous: object({ method: { enum: ["any", "first"] }, number: { type: "integer", minimum: 1 }, dataDurability: { enum: ["required", "preferred"] }, maxStandbyNamesFromCluster: int, standbyNamesPre: list(str), standbyNamesPost: list(str) }, ["method", "number"]),
      shared_preload_libraries: list(str),
    }),
    bootstrap: object({
      initdb: object({ database: str, owner: str, secret: ref, encoding: str, localeCollate: str, localeCType: str, dataChecksums: bool, postInitSQL: list(str), postInitApplicationSQL: list(str) }),
      recovery: object({
        source: str,
        database: str,
        owner: str,
        secret: ref,
        recoveryTarget: object({ targetTime: str, targetLSN: str, targetName: str, targetXID: str, targetImmediate: bool, targetTLI: str, exclusive: bool }),
      }),
    }),
    externalClusters: list(object({ name: str, plugin: object({ name: str, parameters: strMap, enabled: bool }, ["name"]), connectionParameters: strMap }, ["name"])),
    managed: object({
      roles: list(object({
        name: str,
        ensure: { enum: ["present", "absent"] },
        comment: str,
        login: bool,
        superuser: bool,
        createdb: bool,
        createrole: bool,
        inherit: bool,
        replication: bool,
        bypassrls: bool,
        connectionLimit: int,
        validUntil: str,
        inRoles: list(str),
        passwordSecret: ref,
        disablePassword: bool,
      }, ["name"])),
    }),
    certificates: object({ serverCASecret: str, serverTLSSecret: str, clientCASecret: str, replicationTLSSecret: str, serverAltDNSNames: list(str) }),
    plugins: list(object({ name: str, enabled: bool, isWALArchiver: bool, parameters: strMap }, ["name"])),
    storage: object({ size: str, storageClass: str, resizeInUseVolumes: bool }, ["size"]),
    walStorage: object({ size: str, storageClass: str, resizeInUseVolumes: bool }, ["size"]),
    resources,
    affinity: object({
      enablePodAntiAffinity: bool,
      podAntiAffinityType: { enum: ["preferred", "required"] },
      topologyKey: str,
      nodeSelector: strMap,
      tolerations: list(looseObject),
    }),
    topologySpreadConstraints: list(looseObject),
    monitoring: object({ enablePodMonitor: bool, customQueriesConfigMap: list(keyRef) }),
  },
  ["instances", "storage"],
);

const pooler = object(
  {
    cluster: ref,
    instances: { type: "integer", minimum: 1 },
    type: { enum: ["rw", "ro", "r"] },
    pgbouncer: object({
      poolMode: { enum: ["session", "transaction"] },
      parameters: strMap,
      authQuery: str,
      authQuerySecret: ref,
      paused: bool,
      pg_hba: list(str),
    }),
    template: object({ metadata: object({ labels: strMap, annotations: strMap }), spec: looseObject }),
    monitoring: object({ enablePodMonitor: bool }),
  },
  ["cluster", "pgbouncer"],
);

const scheduledBackup = object(
  {
    schedule: str,
    cluster: ref,
    immediate: bool,
    suspend: bool,
    backupOwnerReference: { enum: ["none", "self", "cluster"] },
    method: { enum: ["barmanObjectStore", "volumeSnapshot", "plugin"] },
    target: { enum: ["primary", "prefer-standby"] },
    pluginConfiguration: object({ name: str, parameters: strMap }, ["name"]),
  },
  ["schedule", "cluster"],
);

const database = object({ name: str, owner: str, cluster: ref, ensure: { enum: ["present", "absent"] }, databaseReclaimPolicy: { enum: ["delete", "retain"] }, encoding: str }, ["name", "owner", "cluster"]);

const compression = { enum: ["bzip2", "gzip", "lz4", "snappy", "xz", "zstd"] };
const objectStore = object(
  {
    retentionPolicy: { type: "string", pattern: "^[1-9][0-9]*[dwm]$" },
    configuration: object({
      destinationPath: str,
      endpointURL: str,
      s3Credentials: object({ accessKeyId: keyRef, secretAccessKey: keyRef, region: keyRef, sessionToken: keyRef, inheritFromIAMRole: bool }),
      wal: object({ compression, maxParallel: int, encryption: str }),
      data: object({ compression, jobs: int, encryption: str, immediateCheckpoint: bool }),
    }, ["destinationPath"]),
  },
  ["configuration"],
);

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = {
  "postgresql.cnpg.io/v1/Cluster": ajv.compile(resource("postgresql.cnpg.io/v1", "Cluster", cluster)),
  "postgresql.cnpg.io/v1/Pooler": ajv.compile(resource("postgresql.cnpg.io/v1", "Pooler", pooler)),
  "postgresql.cnpg.io/v1/ScheduledBackup": ajv.compile(resource("postgresql.cnpg.io/v1", "ScheduledBackup", scheduledBackup)),
  "postgresql.cnpg.io/v1/Database": ajv.compile(resource("postgresql.cnpg.io/v1", "Database", database)),
  "barmancloud.cnpg.io/v1/ObjectStore": ajv.compile(resource("barmancloud.cnpg.io/v1", "ObjectStore", objectStore)),
};

/** Violations of an object of a kind listed here, or undefined when the kind is not one of them. */
export function cnpgViolations(object) {
  const validate = validators[`${object.apiVersion}/${object.kind}`];
  if (!validate) return undefined;
  if (validate(object)) return [];
  return validate.errors.map((e) => `schema: ${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
}
