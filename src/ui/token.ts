/// <reference lib="dom" />
/** The dialog that asks for the web API token (once; again only if it was wrong). */
import { byId } from './dom.js';

export function askToken(wrong: boolean): Promise<string> {
  const dialog = byId<HTMLDialogElement>('token-dialog');
  const input = byId<HTMLInputElement>('token-input');
  const note = byId('token-note');
  note.textContent = wrong
    ? 'That token was refused. Enter the token the master was started with (--web-auth-token).'
    : 'This master protects its API with a token. Enter the value of --web-auth-token (or STAMPEDE_WEB_AUTH_TOKEN).';
  input.value = '';
  return new Promise((resolve) => {
    const form = byId<HTMLFormElement>('token-form');
    const onSubmit = (event: SubmitEvent): void => {
      event.preventDefault();
      const value = input.value.trim();
      if (value === '') return;
      form.removeEventListener('submit', onSubmit);
      dialog.close();
      resolve(value);
    };
    form.addEventListener('submit', onSubmit);
    dialog.oncancel = (event) => event.preventDefault();
    dialog.showModal();
    input.focus();
  });
}
