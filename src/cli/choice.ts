// Options that take one of a fixed set of names (--browser, --credentials, --target, --fail-on…): one
// refusal for all of them, with the closest name as a "did you mean".
import { Option } from 'commander';
import { CliError } from './io.js';
import { closestName } from './suggest.js';

/**
 * Check `value` against `choices` (case-sensitive, as the names are documented); a miss throws
 * `CLI_BAD_CHOICE` naming the closest choice.
 *
 * @example
 * pickChoice('ngnix', ['nginx', 'caddy'], '--target'); // throws: --target 'ngnix' is not one of nginx, caddy (did you mean 'nginx'?)
 */
export function pickChoice<T extends string>(value: string, choices: readonly T[], flag: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  const guess = closestName(value, choices);
  throw new CliError(
    'CLI_BAD_CHOICE',
    `${flag} '${value.slice(0, 100)}' is not one of ${choices.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}.`,
    guess ? `Use ${flag} ${guess}.` : `Use one of: ${choices.join(', ')}.`,
  );
}

/**
 * A commander option whose value must be one of `choices` (listed in --help), refused by `pickChoice`.
 *
 * @example
 * command.addOption(choiceOption('--browser <name>', 'which browser decides', ['chromium', 'firefox']).default('chromium'));
 */
export function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  const flag = flags.split(/[ ,]/).find((f) => f.startsWith('--')) ?? flags;
  return new Option(flags, description).choices(choices).argParser((v) => pickChoice(v, choices, flag));
}
