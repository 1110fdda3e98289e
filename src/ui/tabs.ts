/// <reference lib="dom" />
/** The tab bar under the charts: one visible panel at a time, with counts on the tabs. */

export function setupTabs(): void {
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-tab]'));
  const show = (name: string): void => {
    for (const b of buttons) {
      const on = b.dataset.tab === name;
      b.setAttribute('aria-selected', String(on));
      document.getElementById(`tab-${b.dataset.tab}`)!.hidden = !on;
    }
  };
  for (const b of buttons) b.addEventListener('click', () => show(b.dataset.tab!));
  show(buttons[0]?.dataset.tab ?? 'stats');
}

/** Shows `n` beside a tab's title (nothing for 0). */
export function setBadge(tab: string, n: number, alarm = false): void {
  const badge = document.querySelector<HTMLElement>(`[data-tab="${tab}"] .badge`);
  if (badge === null) return;
  badge.textContent = n > 0 ? String(n) : '';
  badge.classList.toggle('alarm', alarm && n > 0);
}
