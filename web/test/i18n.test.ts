import { describe, expect, it } from 'vitest';
import { allKeys, detectLanguage, dictionaries, t } from '../src/i18n';

describe('i18n', () => {
  it('has every text in English and Korean with the same placeholders', () => {
    for (const key of allKeys) {
      const en = dictionaries.en[key];
      const ko = dictionaries.ko[key];
      expect(ko, key).toBeTruthy();
      expect((ko.match(/\{\w+\}/g) ?? []).sort(), key).toEqual((en.match(/\{\w+\}/g) ?? []).sort());
    }
  });

  it('follows the browser unless the user chose', () => {
    expect(detectLanguage(null, ['ko-KR', 'en-US'])).toBe('ko');
    expect(detectLanguage(null, ['en-US'])).toBe('en');
    expect(detectLanguage('en', ['ko-KR'])).toBe('en');
  });

  it('fills placeholders', () => {
    expect(t('connReconnecting', { seconds: 4 }, 'en')).toBe('Connection lost. Reconnecting in 4 s…');
    expect(t('connReconnecting', { seconds: 4 }, 'ko')).toContain('4초');
  });
});
