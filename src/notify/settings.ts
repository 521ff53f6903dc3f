// The alert settings of a running server: the alert keys of its configuration (src/config/
// settings/alerts.ts), validated by the loader at start-up with every other setting.
import type { AlertSettings } from '../config/settings/alerts.ts';

export function alertSettingsOf(config: { settings: AlertSettings }): AlertSettings {
  return config.settings;
}
