import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dotSegments, getAt, rewriteStrings, setAt, specSegments, type JsonObject } from './field-path.js';
import { expandVars, resolveEnv } from './pod.js';

// The pieces of the test renderer and of the kubelet emulation that kubectl cannot cross-check
// on a machine without it (CI), against the behaviour of kustomize and Kubernetes.

void test('fieldSpec paths split on unescaped slashes and walk through lists', () => {
  assert.deepEqual(specSegments('spec/selector/batch.kubernetes.io\\/job-name'), ['spec', 'selector', 'batch.kubernetes.io/job-name']);
  const doc: JsonObject = { spec: { containers: [{ args: ['--master-host', 'svc', 'svc-2'] }, { args: ['svc'] }] } };
  rewriteStrings(doc, specSegments('spec/containers/args'), (s) => (s === 'svc' ? 'p-svc' : s));
  assert.deepEqual(doc, { spec: { containers: [{ args: ['--master-host', 'p-svc', 'svc-2'] }, { args: ['p-svc'] }] } });
});

void test('replacement fieldPaths pick list items by key or index, and the target keeps its type', () => {
  assert.deepEqual(dotSegments('spec.template.spec.containers.[name=a.b].args.1'), ['spec', 'template', 'spec', 'containers', '[name=a.b]', 'args', '1']);
  const doc: JsonObject = { spec: { parallelism: 1, containers: [{ name: 'x', args: ['a'] }, { name: 'm', args: ['--n', '1'] }] } };
  setAt(doc, 'spec.parallelism', '7');
  setAt(doc, 'spec.containers.[name=m].args.1', '7');
  assert.deepEqual(doc, { spec: { parallelism: 7, containers: [{ name: 'x', args: ['a'] }, { name: 'm', args: ['--n', '7'] }] } });
  assert.equal(getAt(doc, 'spec.containers.[name=m].args.0'), '--n');
  assert.throws(() => setAt(doc, 'spec.completions', '7'), /replaces existing fields only/);
  assert.throws(() => setAt(doc, 'spec.parallelism', 'many'), /not a number/);
});

void test('$(VAR) expands as in Kubernetes: earlier vars only, $$ escapes, unknown names stay', () => {
  assert.equal(expandVars('worker-$(I)', { I: '2' }), 'worker-2');
  assert.equal(expandVars('$$(I) $(J) $(I)$(I)', { I: '1' }), '$(I) $(J) 11');
  const env = resolveEnv(
    { env: [{ name: 'B', value: 'b-$(A)' }, { name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['idx']" } } }, { name: 'C', value: '$(A)-$(B)' }] },
    [],
    { name: 'p', annotations: { idx: '4' }, labels: {} },
  );
  assert.deepEqual(env, { B: 'b-$(A)', A: '4', C: '4-b-$(A)' });
});
