// deploy/k8s: every manifest parsed, and the fields that make it work checked against each other and
// against the app (roles, routes, config variables). No cluster is involved.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { entrypointRoles, exists, ROOT, read, yamlDocuments } from "../test/support/manifests";

// Loose shapes: the tests read the fields they check and fail on anything missing.
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, checked field by field below
type Manifest = { kind: string; metadata: { name: string }; spec?: any; data?: any; stringData?: any };

const DIR = "deploy/k8s";
const files = readdirSync(path.join(ROOT, DIR)).filter((file) => file.endsWith(".yaml"));
const manifests = files
  .filter((file) => file !== "kustomization.yaml")
  .flatMap((file) => yamlDocuments(`${DIR}/${file}`) as Manifest[]);
const find = (kind: string, name: string) => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const workloads = manifests.filter((manifest) => manifest.kind === "Deployment" || manifest.kind === "Job");
const containerOf = (name: string, kind = "Deployment") => find(kind, name).spec.template.spec.containers[0];
const roles = entrypointRoles(read("deploy/docker-entrypoint.sh"));
const configMap = find("ConfigMap", "topcoins-config");
const secret = find("Secret", "topcoins-secrets");
const SECRET_VARIABLES = ["DATABASE_URL", "CMC_API_KEY", "CRYPTOCOMPARE_API_KEY", "COINGECKO_API_KEY"];

describe("deploy/k8s", () => {
  it("has Deployments for the web and both services, their Services, an HPA, a migration Job and the config", () => {
    const kinds = manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`).sort();
    expect(kinds).toEqual(
      [
        "ConfigMap/topcoins-config",
        "Deployment/topcoins-pricing",
        "Deployment/topcoins-ranking",
        "Deployment/topcoins-web",
        "HorizontalPodAutoscaler/topcoins-web",
        "Job/topcoins-migrate",
        "Namespace/topcoins",
        "PodDisruptionBudget/topcoins-web",
        "Secret/topcoins-secrets",
        "Service/topcoins-pricing",
        "Service/topcoins-ranking",
        "Service/topcoins-web",
      ].sort(),
    );
  });

  it("applies everything with kustomize but the example Secret, so a real Secret is never overwritten", () => {
    const kustomization = yamlDocuments(`${DIR}/kustomization.yaml`)[0] as { resources: string[]; images: object[] };
    expect([...kustomization.resources].sort()).toEqual(
      files.filter((file) => !["kustomization.yaml", "secret.example.yaml"].includes(file)).sort(),
    );
    expect(kustomization.images).toEqual([{ name: "topcoins", newName: "topcoins", newTag: "0.1.0" }]);
    for (const workload of workloads)
      expect(containerOf(workload.metadata.name, workload.kind).image).toBe("topcoins:0.1.0");
  });

  it("runs each workload as an entry point role, non-root, read-only, with resource requests", () => {
    const args = Object.fromEntries(workloads.map((w) => [w.metadata.name, containerOf(w.metadata.name, w.kind).args]));
    expect(args).toEqual({
      "topcoins-web": ["web"],
      "topcoins-pricing": ["pricing"],
      "topcoins-ranking": ["ranking"],
      "topcoins-migrate": ["migrate"],
    });
    for (const [, [role]] of Object.entries(args)) expect(roles.has(role)).toBe(true);
    for (const workload of workloads) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
      expect(pod.securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
      for (const container of pod.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(Object.keys(container.resources.requests).sort()).toEqual(["cpu", "memory"]);
        expect(container.resources.limits.memory).toMatch(/^\d+Mi$/);
        // tsx keeps its cache in /tmp: writable even on a read-only root filesystem.
        const tmp = container.volumeMounts.find((mount: { mountPath: string }) => mount.mountPath === "/tmp");
        expect(pod.volumes.find((volume: { name: string }) => volume.name === tmp?.name)?.emptyDir).toEqual({});
      }
    }
  });

  it("probes the web: ready on /api/health, alive on /api/version, both real routes on a named port", () => {
    const web = containerOf("topcoins-web");
    expect(web.readinessProbe.httpGet).toEqual({ path: "/api/health", port: "http" });
    expect(web.livenessProbe.httpGet).toEqual({ path: "/api/version", port: "http" });
    expect(web.startupProbe.httpGet).toEqual({ path: "/api/version", port: "http" });
    expect(web.ports).toEqual([{ name: "http", containerPort: 3000 }]);
    for (const route of ["/api/health", "/api/version"]) expect(exists(`app${route}/route.ts`)).toBe(true);
  });

  it("scales the web with an HPA that owns its replica count", () => {
    const hpa = find("HorizontalPodAutoscaler", "topcoins-web").spec;
    expect(hpa.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "topcoins-web" });
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([2, 10]);
    expect(hpa.metrics).toEqual([
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
    ]);
    expect(find("Deployment", "topcoins-web").spec.replicas).toBeUndefined();
  });

  it("runs two replicas of each service, alive while their /metrics on METRICS_PORT answers", () => {
    for (const name of ["topcoins-pricing", "topcoins-ranking"]) {
      expect(find("Deployment", name).spec.replicas).toBe(2);
      const container = containerOf(name);
      expect(container.ports).toEqual([{ name: "metrics", containerPort: Number(configMap.data.METRICS_PORT) }]);
      expect(container.livenessProbe.httpGet).toEqual({ path: "/metrics", port: "metrics" });
      expect(container.env[0]).toEqual({
        name: "INSTANCE_ID",
        valueFrom: { fieldRef: { fieldPath: "metadata.name" } },
      });
    }
  });

  it("runs the migration as a Job that retries while the database is not reachable yet", () => {
    const job = find("Job", "topcoins-migrate").spec;
    expect([job.template.spec.restartPolicy, job.backoffLimit, job.ttlSecondsAfterFinished]).toEqual([
      "OnFailure",
      6,
      3600,
    ]);
  });

  it("takes the keys and DATABASE_URL from the Secret and the rest from the ConfigMap", () => {
    for (const workload of workloads.filter((w) => w.kind === "Deployment")) {
      const container = containerOf(workload.metadata.name);
      expect(container.envFrom).toEqual([{ configMapRef: { name: "topcoins-config" } }]);
      const fromSecret = container.env.filter((entry: { valueFrom: object }) => "secretKeyRef" in entry.valueFrom);
      expect(fromSecret.map((entry: { name: string }) => entry.name)).toEqual(SECRET_VARIABLES);
      for (const { name, valueFrom } of fromSecret) {
        // Only DATABASE_URL is required: without keys the roles run on CoinGecko's keyless API.
        expect(valueFrom.secretKeyRef).toEqual({
          name: "topcoins-secrets",
          key: name,
          ...(name === "DATABASE_URL" ? {} : { optional: true }),
        });
      }
    }
    const migrate = containerOf("topcoins-migrate", "Job").env;
    expect(migrate[0].valueFrom.secretKeyRef).toEqual({ name: "topcoins-secrets", key: "DATABASE_URL" });
    expect(migrate[1].valueFrom.configMapKeyRef).toEqual({ name: "topcoins-config", key: "LOG_LEVEL" });
  });

  it("has an example Secret of clearly marked placeholders, and a config the app accepts", () => {
    expect(Object.keys(secret.stringData)).toEqual(SECRET_VARIABLES);
    for (const value of Object.values(secret.stringData) as string[])
      expect(value === "" || value.includes("REPLACE_ME")).toBe(true);
    expect(read(`${DIR}/secret.example.yaml`)).toMatch(/EXAMPLE ONLY: every value below is a placeholder/);
    const config = loadConfig({ ...configMap.data, ...secret.stringData });
    expect([config.DATABASE_URL.startsWith("postgres://"), config.METRICS_PORT, config.PRICING_FALLBACK]).toEqual([
      true,
      9464,
      ["coingecko"],
    ]);
    // The parser drops variables it does not know: each ConfigMap key must come back out.
    expect(Object.keys(configMap.data).filter((name) => !(name in config))).toEqual([]);
  });

  it("selects each Service's pods by a Deployment's labels and targets a named container port", () => {
    for (const service of manifests.filter((manifest) => manifest.kind === "Service")) {
      const deployment = find("Deployment", service.metadata.name);
      expect(deployment.spec.template.metadata.labels).toEqual(service.spec.selector);
      expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
      const portNames = containerOf(service.metadata.name).ports.map((port: { name: string }) => port.name);
      for (const port of service.spec.ports) expect(portNames).toContain(port.targetPort);
    }
  });
});
