import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, render, validate, type KubeObject } from './kubernetes';

const OVERLAYS = ['dev', 'prod', 'blue', 'green', 'live'] as const;

const rendered = new Map<string, KubeObject[]>();
function overlay(name: (typeof OVERLAYS)[number]): KubeObject[] {
  if (!rendered.has(name)) rendered.set(name, render(`k8s/overlays/${name}`));
  return rendered.get(name)!;
}

const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
/** The labels of the pods of every Deployment and Job. */
const podLabels = (objects: KubeObject[]) =>
  [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].map((o) => (o.spec.template.metadata.labels ?? {}) as Record<string, string>);

describe('Kubernetes manifests (k8s/)', () => {
  for (const name of OVERLAYS) {
    it(`renders overlay ${name} into objects that all validate against the schemas`, async () => {
      // given the overlay rendered by kustomize
      const objects = overlay(name);
      assert.ok(objects.length > 0);
      // when every object is validated, then none has a problem
      assert.deepEqual(await validate(objects), []);
    });
  }

  it('rejects invalid objects: an unknown field, a missing required field, a wrong type, an unknown kind', async () => {
    // given deliberately broken objects
    const broken = parseYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: typo}
spec:
  replica: 2
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: engine, image: osprey/engine}]
---
apiVersion: v1
kind: Service
metadata: {name: no-port-number}
spec:
  ports: [{name: http}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: endpoints-not-a-list}
spec:
  selector: {}
  endpoints: http
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: unknown}
`);
    // when validated, then each one is reported by name
    const problems = await validate(broken);
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems[0]!, /^Deployment\/typo: .*'replica' was unexpected/);
    assert.match(problems[1]!, /^Service\/no-port-number: .*'port' is a required property/);
    assert.match(problems[2]!, /^ServiceMonitor\/endpoints-not-a-list: .*endpoints must be array/);
    assert.match(problems[3]!, /^Gadget\/unknown: no schema/);
  });

  it('runs each role as its own Deployment, non-root, read-only, with probes, resources and the database URL from a Secret', () => {
    // given the production overlay
    const deployments = ofKind(overlay('prod'), 'Deployment');
    const roles = deployments.map((d) => d.spec.template.spec.containers[0].env.find((e: any) => e.name === 'ENGINE_ROLES')?.value);
    // then there is one Deployment per role, and each is locked down
    assert.deepEqual(roles.sort(), ['api', 'executor', 'relay']);
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      const [c] = pod.containers;
      const where = d.metadata.name;
      assert.equal(pod.securityContext.runAsNonRoot, true, where);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true, where);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, where);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL'], where);
      assert.equal(c.readinessProbe.httpGet.path, '/health/ready', where);
      assert.equal(c.livenessProbe.httpGet.path, '/health/live', where);
      assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, where);
      const url = c.env.find((e: any) => e.name === 'DATABASE_URL');
      assert.deepEqual(url.valueFrom.secretKeyRef, { name: 'osprey-database', key: 'url' }, where);
    }
    // and the relay, leader-elected, runs at most two replicas
    const relay = deployments.find((d) => d.metadata.name === 'osprey-relay')!;
    assert.ok(relay.spec.replicas >= 1 && relay.spec.replicas <= 2);
  });

  it('runs migrations as a Job with the migrate entry point', () => {
    const [job] = ofKind(overlay('prod'), 'Job');
    assert.deepEqual(job!.spec.template.spec.containers[0].command, ['node', 'apps/engine/dist/src/migrate.js']);
    assert.equal(job!.spec.template.spec.restartPolicy, 'Never');
  });

  for (const name of OVERLAYS) {
    it(`wires overlay ${name}: every selector finds pods, the autoscaler its Deployment, names stay unique`, () => {
      const objects = overlay(name);
      const pods = podLabels(objects);
      for (const s of ofKind(objects, 'Service').filter((o) => name !== 'live' || o.metadata.name !== 'osprey')) {
        assert.ok(pods.some((l) => matches(s.spec.selector, l)), `Service ${s.metadata.name} selects no pod`);
      }
      for (const p of ofKind(objects, 'PodDisruptionBudget')) {
        assert.ok(pods.some((l) => matches(p.spec.selector.matchLabels, l)), `PodDisruptionBudget ${p.metadata.name} selects no pod`);
      }
      for (const h of ofKind(objects, 'HorizontalPodAutoscaler')) {
        const target = ofKind(objects, 'Deployment').find((d) => d.metadata.name === h.spec.scaleTargetRef.name);
        assert.ok(target, `HorizontalPodAutoscaler ${h.metadata.name} targets a missing Deployment`);
        assert.equal(target.spec.replicas, undefined, 'an autoscaled Deployment leaves replicas to the autoscaler');
      }
      const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(objects.every((o) => o.metadata.namespace || o.kind === 'Namespace'), 'every object has a namespace');
    });
  }

  it('switches blue/green with one Service that selects the api pods of one slot', () => {
    // given both halves and the switch
    const blue = overlay('blue');
    const green = overlay('green');
    const [live] = ofKind(overlay('live'), 'Service').filter((s) => s.metadata.name === 'osprey');
    // then the halves share no name, and the live Service selects the api pods of exactly one
    const names = (objects: KubeObject[]) => new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`));
    assert.equal([...names(blue)].filter((n) => names(green).has(n)).length, 0);
    const selected = (objects: KubeObject[]) =>
      ofKind(objects, 'Deployment').filter((d) => matches(live!.spec.selector, d.spec.template.metadata.labels));
    assert.deepEqual(selected(blue).map((d) => d.metadata.name), ['osprey-api-blue']);
    assert.deepEqual(selected(green), []);
    // and the Secret is shared, not renamed per slot
    const secretOf = (objects: KubeObject[]) =>
      ofKind(objects, 'Deployment')[0]!.spec.template.spec.containers[0].env.find((e: any) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.name;
    assert.equal(secretOf(blue), 'osprey-database');
    assert.equal(secretOf(green), 'osprey-database');
  });
});
