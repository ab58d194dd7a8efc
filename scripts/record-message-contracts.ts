// Records the payload schema of every public message version in test/contracts/public-message-schemas.json,
// the snapshot CI compares the catalogue with. Refuses while a published schema changed incompatibly.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { publicMessageCatalogue } from '../shared/domain/message-catalog';
import { contractSnapshot, contractViolations, type ContractSnapshot } from '../shared/platform/messaging/contract-snapshot';

const FILE = new URL('../test/contracts/public-message-schemas.json', import.meta.url);
const previous = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as ContractSnapshot) : {};
const breaking = contractViolations(publicMessageCatalogue, previous).filter((p) => p.includes('new version instead'));
if (breaking.length > 0) {
  console.error(`not recorded: published schemas changed incompatibly\n  ${breaking.join('\n  ')}`);
  process.exit(1);
}
writeFileSync(FILE, `${JSON.stringify(contractSnapshot(publicMessageCatalogue), null, 2)}\n`);
console.log(`recorded ${publicMessageCatalogue.definitions.length} message versions in ${FILE.pathname}`);
