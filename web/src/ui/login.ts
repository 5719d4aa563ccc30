import { AuthError, type Auth, type Session } from '../auth';
import { t } from '../i18n';
import { h } from './dom';

/** The sign-in card, including the new-password step for accounts created with a temporary password. */
export function loginView(auth: Auth, onSignedIn: (s: Session) => void, notice?: string): HTMLElement {
  const error = h('p', { class: 'form-error', role: 'alert', id: 'login-error' });
  const showError = (text: string) => {
    error.textContent = text;
  };
  if (notice) showError(notice);

  const email = h('input', { id: 'email', type: 'email', name: 'email', autocomplete: 'username', required: true, 'aria-describedby': 'login-error' });
  const password = h('input', { id: 'password', type: 'password', name: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'login-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block', text: t('signIn') });
  const form = h('form', { class: 'login-form', novalidate: true },
    h('label', { for: 'email', text: t('email') }), email,
    h('label', { for: 'password', text: t('password') }), password,
    error, submit);

  const card = h('main', { class: 'login-card', 'aria-labelledby': 'login-title' },
    h('div', { class: 'login-card__logo', 'aria-hidden': 'true', text: '🦞' }),
    h('h1', { id: 'login-title', text: t('appTitle') }),
    form);

  const busy = (on: boolean, button: HTMLButtonElement, label: string) => {
    button.disabled = on;
    button.textContent = on ? t('signingIn') : label;
    form.querySelectorAll('input').forEach((i) => (i.disabled = on));
  };

  const failure = (e: unknown) => {
    const err = e instanceof AuthError ? e : new AuthError('errUnknown', String((e as Error)?.message ?? e));
    showError(t(err.key, { message: err.detail }));
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!email.value.trim() || !password.value) {
      showError(t('errWrongPassword'));
      (email.value.trim() ? password : email).focus();
      return;
    }
    showError('');
    busy(true, submit, t('signIn'));
    try {
      const result = await auth.signIn(email.value, password.value);
      if (result.kind === 'signedIn') {
        onSignedIn(result.session);
      } else {
        card.replaceWith(newPasswordView(result.complete, onSignedIn));
      }
    } catch (e) {
      busy(false, submit, t('signIn'));
      failure(e);
      password.select();
      password.focus();
    }
  });
  queueMicrotask(() => email.focus());
  return card;
}

function newPasswordView(complete: (pw: string) => Promise<Session>, onSignedIn: (s: Session) => void): HTMLElement {
  const error = h('p', { class: 'form-error', role: 'alert', id: 'newpw-error' });
  const first = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' });
  const second = h('input', { id: 'confirm-password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block', text: t('setPassword') });
  const form = h('form', { class: 'login-form', novalidate: true },
    h('p', { class: 'login-card__hint', text: t('newPasswordHint') }),
    h('label', { for: 'new-password', text: t('newPassword') }), first,
    h('label', { for: 'confirm-password', text: t('confirmPassword') }), second,
    error, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (first.value !== second.value) {
      error.textContent = t('passwordsDiffer');
      second.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    try {
      onSignedIn(await complete(first.value));
    } catch (e) {
      submit.disabled = false;
      const err = e instanceof AuthError ? e : new AuthError('errUnknown', String(e));
      error.textContent = t(err.key, { message: err.detail });
      first.focus();
    }
  });
  queueMicrotask(() => first.focus());
  return h('main', { class: 'login-card', 'aria-labelledby': 'newpw-title' },
    h('div', { class: 'login-card__logo', 'aria-hidden': 'true', text: '🦞' }),
    h('h1', { id: 'newpw-title', text: t('newPasswordTitle') }),
    form);
}
