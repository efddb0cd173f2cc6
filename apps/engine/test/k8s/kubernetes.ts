import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository root (this file runs from `apps/engine/dist/test/k8s`). */
export const REPO = join(__dirname, '../../../../..');

/** A rendered Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  [field: string]: unknown;
}

/**
 * kustomize, in order of preference: a `kustomize` on the PATH, the one built into `kubectl`, or
 * the pinned release built from the Go module proxy (a minute or two the first time, then cached
 * by Go). All three are kustomize v5.
 */
const KUSTOMIZE_MODULE = 'sigs.k8s.io/kustomize/kustomize/v5@v5.7.1';
let kustomize: readonly string[] | undefined;

function findKustomize(): readonly string[] {
  const works = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  if (works('kustomize', ['version'])) return ['kustomize', 'build'];
  if (works('kubectl', ['kustomize', '--help'])) return ['kubectl', 'kustomize'];
  if (works('go', ['version'])) return ['go', 'run', KUSTOMIZE_MODULE, 'build'];
  throw new Error('Expected kustomize, kubectl or go on the PATH to render k8s/, but found none of them');
}

/** Renders a kustomization directory (relative to the repository root) into its objects. */
export function render(dir: string): KubeObject[] {
  kustomize ??= findKustomize();
  const [cmd, ...args] = kustomize;
  const out = execFileSync(cmd!, [...args, join(REPO, dir)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  return parseYaml(out);
}

/** Every document of a YAML stream. @throws on a YAML error */
export function parseYaml(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw doc.errors[0]!;
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null);
}

/**
 * The Kubernetes version whose API the manifests must fit. EKS supports it through 2026.
 * Validation uses the strict schemas: an unknown field is an error, as `kubectl apply
 * --validate=strict` makes it.
 */
export const KUBERNETES_VERSION = '1.33.0';

/**
 * Schemas of the built-in kinds: the `kubernetes-validate` package from PyPI, which ships the
 * JSON schemas of each Kubernetes release in a strict variant (additional properties refused).
 * It is installed once into a virtual environment under `node_modules/.cache`.
 */
const KUBERNETES_VALIDATE = 'kubernetes-validate==1.37.0';

function validatorPython(): string {
  const venv = join(REPO, 'node_modules/.cache/kubernetes-validate-1.37.0');
  const python = join(venv, 'bin/python');
  const ready = () => existsSync(python) && spawnSync(python, ['-c', 'import kubernetes_validate'], { stdio: 'ignore' }).status === 0;
  if (!ready()) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'ignore' });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', KUBERNETES_VALIDATE], { stdio: 'inherit', timeout: 600_000 });
  }
  return python;
}

const VALIDATE_PY = `
import json, sys
import kubernetes_validate
from kubernetes_validate.utils import SchemaNotFoundError, ValidationError
results = []
for obj in json.load(sys.stdin):
    try:
        kubernetes_validate.validate(obj, sys.argv[1], strict=True)
        results.append(None)
    except SchemaNotFoundError as e:
        results.append({"unknownKind": True, "error": e.message})
    except ValidationError as e:
        path = "/".join(str(p) for p in e.absolute_path)
        results.append({"unknownKind": False, "error": f"{path}: {e.message}"})
print(json.dumps(results))
`;

/** Validators of the custom resources the manifests use (Prometheus Operator), by `apiVersion/kind`. */
async function customResourceValidators(): Promise<Map<string, (o: KubeObject) => void>> {
  const { ServiceMonitor, PrometheusRule } = await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1');
  return new Map<string, (o: KubeObject) => void>([
    ['monitoring.coreos.com/v1/ServiceMonitor', (o) => new ServiceMonitor(o as never).validate()],
    ['monitoring.coreos.com/v1/PrometheusRule', (o) => new PrometheusRule(o as never).validate()],
  ]);
}

/**
 * Validates objects: built-in kinds against the strict Kubernetes schemas, Prometheus Operator
 * kinds against their CRD models (`@kubernetes-models/prometheus-operator`). An object of any
 * other kind is an error: nothing may go out unchecked.
 * @returns one message per invalid object, naming it; empty when all are valid
 */
export async function validate(objects: readonly KubeObject[]): Promise<string[]> {
  const run = spawnSync(validatorPython(), ['-c', VALIDATE_PY, KUBERNETES_VERSION], { input: JSON.stringify(objects), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`Expected the schema validator to run, but it failed:\n${run.stderr}`);
  const results = JSON.parse(run.stdout) as ({ unknownKind: boolean; error: string } | null)[];
  const custom = await customResourceValidators();
  const problems: string[] = [];
  objects.forEach((o, i) => {
    const name = `${o.kind}/${o.metadata?.name}`;
    const result = results[i];
    if (!result) return;
    if (!result.unknownKind) return void problems.push(`${name}: ${result.error}`);
    const check = custom.get(`${o.apiVersion}/${o.kind}`);
    if (!check) return void problems.push(`${name}: no schema for ${o.apiVersion} ${o.kind}`);
    try {
      check(o);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  });
  return problems;
}
