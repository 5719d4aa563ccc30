import type { Api, LinkStatus } from '../api';
import type { AppConfig } from '../config';
import { language, setLanguage, t, type Lang } from '../i18n';
import { applyTheme, storedTheme, type Theme } from '../theme';
import { clear, fillNodes, h } from './dom';

export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Telegram linking (one-time code), appearance, language and the account. */
export function settingsView(opts: {
  config: AppConfig;
  api: Api;
  email: string;
  onLanguage: () => void;
  onSignOut: () => void;
}): { element: HTMLElement; dispose: () => void } {
  const timers: number[] = [];
  const telegram = h('section', { class: 'settings__section', 'aria-labelledby': 'tg-title' });

  const renderTelegram = (body: Node[]) => {
    clear(telegram);
    telegram.append(h('h2', { id: 'tg-title', text: t('telegramTitle') }), ...body);
  };

  const showStatus = (status: LinkStatus) => {
    if (status.linked) {
      const unlink = h('button', { class: 'btn btn--danger', type: 'button', text: t('telegramUnlink') });
      unlink.addEventListener('click', async () => {
        unlink.disabled = true;
        try {
          await opts.api.unlink();
          showStatus({ linked: false });
        } catch {
          unlink.disabled = false;
          renderTelegram([h('p', { class: 'form-error', role: 'alert', text: t('telegramUnlinkFailed') }), unlink]);
        }
      });
      renderTelegram([h('p', { class: 'tg-linked', text: t('telegramLinked', { id: status.telegramUserId ?? '' }) }), unlink]);
      return;
    }
    const link = h('button', { class: 'btn btn--primary', type: 'button', id: 'tg-link', text: t('telegramLink') });
    link.addEventListener('click', () => generate(link));
    renderTelegram([h('p', { text: t('telegramNotLinked') }), link]);
  };

  const generate = async (button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      const otp = await opts.api.generateOtp();
      const expiresAt = Date.now() + otp.expiresInSeconds * 1000;
      const command = `/link ${otp.code}`;
      const bot = opts.config.telegramBotName;
      const botNode: Node = bot
        ? h('a', { href: `https://t.me/${encodeURIComponent(bot)}`, target: '_blank', rel: 'noopener noreferrer', text: `@${bot}` })
        : document.createTextNode(t('telegramTheBot'));
      const hint = h('p', {}, ...fillNodes(t('telegramSendCode'), { command: h('code', { text: command }), bot: botNode }));
      const countdown = h('p', { class: 'tg-countdown', 'aria-live': 'polite' });
      const again = h('button', { class: 'btn', type: 'button', text: t('telegramNewCode') });
      again.addEventListener('click', () => generate(again));
      const check = h('button', { class: 'btn btn--primary', type: 'button', text: t('telegramCheck') });
      check.addEventListener('click', () => load());
      renderTelegram([h('p', { class: 'tg-code', id: 'tg-code', 'aria-label': otp.code.split('').join(' '), text: otp.code }), hint, countdown,
        h('div', { class: 'settings__row' }, check, again)]);
      const tick = () => {
        const left = (expiresAt - Date.now()) / 1000;
        countdown.textContent = left > 0 ? t('telegramExpiresIn', { time: formatCountdown(left) }) : t('telegramExpired');
        countdown.classList.toggle('tg-countdown--expired', left <= 0);
      };
      tick();
      timers.push(window.setInterval(tick, 1000));
    } catch {
      button.disabled = false;
      renderTelegram([h('p', { class: 'form-error', role: 'alert', text: t('telegramOtpFailed') }), button]);
    }
  };

  const load = async () => {
    renderTelegram([h('p', { class: 'muted', text: t('telegramLoading') })]);
    try {
      showStatus(await opts.api.linkStatus());
    } catch {
      const retry = h('button', { class: 'btn', type: 'button', text: t('connReconnectNow') });
      retry.addEventListener('click', () => load());
      renderTelegram([h('p', { class: 'form-error', role: 'alert', text: t('telegramStatusFailed') }), retry]);
    }
  };

  void load();

  const themeSelect = h('select', { id: 'theme' },
    ...(['system', 'light', 'dark'] as Theme[]).map((v) => h('option', {
      value: v, selected: storedTheme() === v,
      text: t(v === 'system' ? 'themeSystem' : v === 'light' ? 'themeLight' : 'themeDark'),
    })));
  themeSelect.addEventListener('change', () => applyTheme(themeSelect.value as Theme));

  const langSelect = h('select', { id: 'language' },
    h('option', { value: 'en', selected: language() === 'en', text: 'English' }),
    h('option', { value: 'ko', selected: language() === 'ko', text: '한국어' }));
  langSelect.addEventListener('change', () => {
    setLanguage(langSelect.value as Lang);
    opts.onLanguage();
  });

  const signOut = h('button', { class: 'btn btn--danger', type: 'button', text: t('signOut') });
  signOut.addEventListener('click', opts.onSignOut);

  const element = h('div', { class: 'settings', id: 'settings' },
    telegram,
    h('section', { class: 'settings__section' },
      h('h2', { text: t('appearance') }),
      h('div', { class: 'settings__field' }, h('label', { for: 'theme', text: t('theme') }), themeSelect),
      h('div', { class: 'settings__field' }, h('label', { for: 'language', text: t('language') }), langSelect)),
    h('section', { class: 'settings__section' },
      h('h2', { text: t('account') }),
      h('p', { text: t('signedInAs', { email: opts.email }) }),
      signOut));
  return { element, dispose: () => timers.forEach((id) => clearInterval(id)) };
}
