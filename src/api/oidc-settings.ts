// The OpenID Connect settings as the API reads them, and what GET /api/auth/login shows of them.
import type { Config } from '../config/index.ts';
import type { OidcSettings } from '../config/settings/oidc.ts';

/** The OIDC settings of the configuration (config.json, SEMAPHORE_OIDC_PROVIDERS, SEMAPHORE_PASSWORD_LOGIN_DISABLED). */
export function oidcSettingsOf(config: Pick<Config, 'settings'>): OidcSettings {
  return config.settings;
}

/** What GET /api/auth/login shows of the providers: ordered by `order`, then id; never a client setting. */
export function providerButtons(settings: OidcSettings) {
  return Object.entries(settings.oidc_providers)
    .sort(([a, p], [b, q]) => p.order - q.order || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, p]) => ({ id, name: p.display_name || id, color: p.color, icon: p.icon }));
}
