// The OpenID Connect settings as the API reads them, and what GET /api/auth/login shows of them.
import type { Config } from '../config/index.ts';
import type { OidcSettings } from '../config/settings/oidc.ts';

/** The OIDC settings of the configuration file (config.settings, issue 12); none until it is loaded. */
export function oidcSettingsOf(config: Config): OidcSettings {
  const settings = (config as Config & { settings?: Partial<OidcSettings> }).settings;
  return {
    oidc_providers: settings?.oidc_providers ?? {},
    password_login_disable: settings?.password_login_disable ?? false,
  };
}

/** What GET /api/auth/login shows of the providers: ordered by `order`, then id; never a client setting. */
export function providerButtons(settings: OidcSettings) {
  return Object.entries(settings.oidc_providers)
    .sort(([a, p], [b, q]) => p.order - q.order || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, p]) => ({ id, name: p.display_name || id, color: p.color, icon: p.icon }));
}
