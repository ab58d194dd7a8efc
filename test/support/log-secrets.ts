import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_DATA_KEYS_SPEC } from './data-keys';
import { CARDS } from './cards';
import { TEST_KEYS } from './test-keys';

/** What no log line may hold: the tests' API keys, card numbers, data key, webhook and metrics secrets. */
export function knownSecrets(): string[] {
  return [...Object.values(TEST_KEYS), ...Object.values(CARDS), TEST_DATA_KEYS_SPEC.split(':')[1] as string];
}

/** Shapes of secrets whatever their value: webhook secrets, and 15–16 digit runs that pass the Luhn check (card numbers; epoch milliseconds have 13 digits). */
const SHAPES: readonly { readonly kind: string; readonly pattern: RegExp; readonly check?: (match: string) => boolean }[] = [
  { kind: 'webhook secret', pattern: /whsec_[A-Za-z0-9_-]{8,}/g },
  // Bounded by neither digits nor letters: hex ids (trace ids, hashes) hold long digit runs.
  { kind: 'card number', pattern: /(?<![\w.])\d{15,16}(?![\w.])/g, check: luhn },
  { kind: 'process-test API key', pattern: /process-test-key-[\w-]+/g },
  { kind: 'process-test metrics token', pattern: /metrics-token-[\w-]+/g },
];

export interface SecretFinding {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
}

/** Every secret found in the text, by line (the secret itself is not repeated in the finding). */
export function findSecrets(text: string, file: string, secrets: readonly string[] = knownSecrets()): SecretFinding[] {
  const findings: SecretFinding[] = [];
  text.split('\n').forEach((content, i) => {
    for (const secret of secrets) if (secret && content.includes(secret)) findings.push({ file, line: i + 1, kind: 'known test secret' });
    for (const shape of SHAPES) {
      for (const m of content.matchAll(shape.pattern)) if (!shape.check || shape.check(m[0])) findings.push({ file, line: i + 1, kind: shape.kind });
    }
  });
  return findings;
}

/** Scans every `*.log` file of a directory. */
export function findSecretsInLogs(dir: string, secrets: readonly string[] = knownSecrets()): SecretFinding[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.log'));
  } catch {
    return [];
  }
  return files.flatMap((f) => findSecrets(readFileSync(join(dir, f), 'utf8'), f, secrets));
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
