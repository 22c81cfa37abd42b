// How a message names a setting: on the page by the label its form shows (“K (deviation rows)”),
// on the command line by its flag (--K). Checks write their messages once, naming fields through
// this, so the page never tells a user to change a flag it does not have.
import { METHOD_SETTINGS, type SettingKey } from './settings';
import { RUN_SETTINGS, type RunSettingKey } from './run_settings';

export type Wording = 'page' | 'cli';

/** A method or run setting as the page's form or the CLI names it. */
export function settingName(key: SettingKey | RunSettingKey, words: Wording): string {
  const s = key in METHOD_SETTINGS ? METHOD_SETTINGS[key as SettingKey] : RUN_SETTINGS[key as RunSettingKey];
  return words === 'page' ? `“${s.label}”` : `--${s.cli}`;
}
