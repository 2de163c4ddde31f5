import { describe, expect, it } from 'vitest';
import { mappedIpv4, normaliseWebhookUrl, TargetGuard } from '../../gateway/delivery/ssrf.ts';

describe('webhook URL normalisation', () => {
  it('writes every spelling of a host in one form: lower case, dotted IPv4, punycode, no default port or fragment', () => {
    const cases: [string, string][] = [
      ['http://LOCALHOST:80/', 'http://localhost/'],
      ['HTTPS://Example.COM:443/Hook?a=1#frag', 'https://example.com/Hook?a=1'],
      ['http://127.1/', 'http://127.0.0.1/'],
      ['http://0x7f.1/', 'http://127.0.0.1/'],
      ['http://0177.0.0.1/', 'http://127.0.0.1/'],
      ['http://2130706433/', 'http://127.0.0.1/'],
      ['http://127.0.0.1./', 'http://127.0.0.1/'],
      ['https://例子.中国/hook', 'https://xn--fsqu00a.xn--fiqs8s/hook'],
      ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/'],
    ];
    for (const [raw, normal] of cases) expect(normaliseWebhookUrl(raw), raw).toEqual({ ok: true, url: normal });
  });

  it('refuses credentials and schemes other than http(s)', () => {
    for (const url of [
      'http://user:pw@example.com/',
      'http://user@example.com/',
      'ftp://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(normaliseWebhookUrl(url).ok, url).toBe(false);
  });

  it('reads the IPv4 address inside IPv4-mapped IPv6 addresses in both spellings', () => {
    expect(mappedIpv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(mappedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(mappedIpv4('::ffff:a9fe:a9fe')).toBe('169.254.169.254');
    expect(mappedIpv4('2001:db8::1')).toBeNull();
  });

  it('refuses every tricky spelling of an internal address', async () => {
    const guard = new TargetGuard();
    for (const url of [
      'http://LOCALHOST:80/',
      'http://localhost./',
      'http://127.1/',
      'http://0x7f.1/',
      'http://0177.0.0.1/',
      'http://2130706433/',
      'http://127.0.0.1./',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::ffff:a9fe:a9fe]/latest/meta-data',
      'http://0xa9.0xfe.0xa9.0xfe/',
      'http://[::1]/',
    ])
      expect((await guard.check(url)).ok, url).toBe(false);
  });

  it('applies the allow-list to the normal form, so an allowed address passes in any spelling', async () => {
    const guard = new TargetGuard(['127.0.0.1']);
    expect(await guard.check('http://127.1:8080/hook')).toEqual({ ok: true });
    expect(await guard.check('http://[::ffff:7f00:1]:8080/hook')).toEqual({ ok: true });
    expect((await guard.check('http://127.0.0.2/')).ok).toBe(false);
  });
});
