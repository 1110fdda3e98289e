/// <reference lib="dom" />
/** Tiny DOM helpers for the web UI (no framework: the page is small and updates once a second). */

type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (`class`, `data-*`, …) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** The element with this id; throws when the page lacks it (a build mismatch). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}: index.html and app.js are from different builds`);
  return node as T;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, children: readonly Node[]): void {
  parent.replaceChildren(...children);
}

/** Sets text only when it changed (keeps selections and avoids layout work). */
export function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
