import { fileURLToPath } from 'node:url';
import type { JsonObject } from './field-path.js';
import { readYamlDocs, renderKustomization } from './kustomize.js';

const at = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

export const REPO_DIR = at('../../../');
/** The kustomize base users apply: `kubectl apply -k deploy/k8s`. */
export const DEPLOY_DIR = at('../../../deploy/k8s');
export const DEMO_TARGET_DIR = at('../../../deploy/k8s/demo-target');
export const RESULTS_READER_FILE = at('../../../deploy/k8s/tools/results-reader.yaml');
/** The side-by-side overlay of docs/kubernetes.md. */
export const OVERLAY_DIR = at('./fixtures/overlay-checkout');

export interface Rendered {
  base: JsonObject[];
  overlay: JsonObject[];
  demoTarget: JsonObject[];
  resultsReader: JsonObject[];
}

/** Everything deploy/k8s ships, rendered as `kubectl apply -k` / `-f` would send it. */
export async function renderAll(): Promise<Rendered> {
  return {
    base: await renderKustomization(DEPLOY_DIR),
    overlay: await renderKustomization(OVERLAY_DIR),
    demoTarget: await renderKustomization(DEMO_TARGET_DIR),
    resultsReader: await readYamlDocs(RESULTS_READER_FILE),
  };
}
