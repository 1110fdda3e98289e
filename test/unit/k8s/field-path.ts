/**
 * The two path languages of kustomize, as far as deploy/k8s uses them:
 * - fieldSpec paths (configurations, built-in name references): `spec/selector/a.b\/c`, split on
 *   unescaped `/`, walking through every element of a list on the way;
 * - replacement fieldPaths: `spec.template.spec.containers.[name=master].args.1`, split on `.`
 *   outside brackets, with `[key=value]` picking one list element and a number picking by index.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Splits a fieldSpec path on `/`, keeping `\/` as a literal slash inside a segment. */
export function specSegments(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (c === '/') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out.filter((s) => s.length > 0);
}

/**
 * Calls `fn` on every string found at `segments` below `node` (lists are walked through, and a
 * list of strings at the end has each string visited); the string is replaced by what fn returns.
 */
export function rewriteStrings(node: Json | undefined, segments: readonly string[], fn: (s: string) => string): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (segments.length === 0 && typeof item === 'string') node[i] = fn(item);
      else rewriteStrings(item, segments, fn);
    }
    return;
  }
  if (!isObject(node) || segments.length === 0) return;
  const [head, ...rest] = segments as [string, ...string[]];
  const child = node[head];
  if (rest.length === 0 && typeof child === 'string') node[head] = fn(child);
  else rewriteStrings(child, rest, fn);
}

/** Splits a replacement fieldPath on `.`, except inside `[…]`. */
export function dotSegments(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of path) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function step(node: Json | undefined, seg: string, where: string): Json | undefined {
  const pick = /^\[([^=\]]+)=([^\]]*)\]$/.exec(seg);
  if (pick !== null) {
    if (!Array.isArray(node)) throw new Error(`${where}: [${pick[1]}=${pick[2]}] needs a list`);
    return node.find((el) => isObject(el) && el[pick[1] ?? ''] === pick[2]);
  }
  if (Array.isArray(node)) {
    if (!/^\d+$/.test(seg)) throw new Error(`${where}: '${seg}' is not an index into a list`);
    return node[Number(seg)];
  }
  return isObject(node) ? node[seg] : undefined;
}

/** The value at a replacement fieldPath, or throws saying where the walk stopped. */
export function getAt(root: JsonObject, path: string): Json {
  let node: Json | undefined = root;
  for (const seg of dotSegments(path)) {
    node = step(node, seg, path);
    if (node === undefined) throw new Error(`nothing at ${path} (stopped at '${seg}')`);
  }
  return node;
}

/**
 * Sets an existing scalar at a replacement fieldPath. As kustomize does, the target keeps its kind:
 * a number stays a number (the source "3" becomes 3), a string stays a string.
 */
export function setAt(root: JsonObject, path: string, value: Json): void {
  const segs = dotSegments(path);
  const last = segs.pop();
  let parent: Json | undefined = root;
  for (const seg of segs) parent = step(parent, seg, path);
  if (last === undefined || (parent === undefined || parent === null || typeof parent !== 'object')) {
    throw new Error(`nothing at ${path}: the renderer replaces existing fields only`);
  }
  const current = step(parent, last, path);
  if (current === undefined) throw new Error(`nothing at ${path}: the renderer replaces existing fields only`);
  if (typeof value === 'object' && value !== null) throw new Error(`${path}: only scalars are replaced here`);
  let next: Json = value;
  if (typeof current === 'number') {
    next = Number(value);
    if (!Number.isFinite(next)) throw new Error(`${path}: '${String(value)}' is not a number`);
  } else if (typeof current === 'string') {
    next = String(value);
  }
  if (Array.isArray(parent)) parent[Number(last)] = next;
  else (parent as JsonObject)[last] = next;
}
