import { readSettings, SettingsError, type Settings } from '../../src/lib/settings.ts';

/** The settings of this command, from its environment; a bad value ends it with the reason, in Chinese. */
export function commandSettings(): Settings {
  try {
    return readSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`${error.message}\n✘ 请改正上面的环境变量后重试（说明见 README 的“环境变量”一节）。`);
    process.exit(2);
  }
}
