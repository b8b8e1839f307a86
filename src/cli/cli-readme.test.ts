import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMMANDS, HELP } from './help.ts';

/** A command's name and the options it names (--flag), from however it is written. */
interface Described {
  name: string;
  flags: string[];
}

const flagsIn = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].sort();

/** The rows of the README's "Command line" table: the command cell only (what "does" says is prose). */
function readmeCommands(readme: string): Described[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Command line'));
  if (!section) throw new Error('The README has no "Command line" section');
  return section
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => {
      const cell = line
        .split(/(?<!\\)\|/)[1]!
        .trim()
        .replace(/`/g, '')
        .replace(/\\\|/g, '|');
      return { name: cell.split(/\s+/)[0]!, flags: flagsIn(cell) };
    });
}

/** The commands as `heard help` describes them: usage, summary and options. */
function helpCommands(commands: typeof COMMANDS): Described[] {
  return commands.map((c) => ({
    name: c.usage.split(/\s+/)[0]!,
    flags: flagsIn(`${c.usage} ${c.summary} ${c.options ?? ''}`),
  }));
}

describe('the README and the command line', () => {
  it('list the same commands, in the same order, with the same options', () => {
    assert.deepEqual(readmeCommands(readFileSync('README.md', 'utf8')), helpCommands(COMMANDS));
  });

  it('help names every command heard.ts answers, and no other', () => {
    const source = readFileSync('src/cli/heard.ts', 'utf8');
    const handled = [...source.matchAll(/^\s*case '([a-z][a-z-]*)':/gm)].map((m) => m[1]!).sort();
    assert.deepEqual(
      handled,
      helpCommands(COMMANDS)
        .map((c) => c.name)
        .sort(),
    );
    for (const c of COMMANDS) assert.ok(HELP.includes(`  ${c.usage}`), `help shows ${c.usage}`);
  });

  it('would notice a README that has drifted', () => {
    const drifted = [
      '## Command line',
      '| command | does |',
      '| --- | --- |',
      '| `start [--demo]` | start |',
      '| `report annual --from D --to D [--format json\\|xlsx]` | a report |',
      '## Next',
    ].join('\n');
    assert.deepEqual(readmeCommands(drifted), [
      { name: 'start', flags: ['--demo'] },
      { name: 'report', flags: ['--format', '--from', '--to'] },
    ]);
    assert.notDeepEqual(readmeCommands(drifted), helpCommands(COMMANDS));
  });
});
